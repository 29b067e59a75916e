package org.modnas.spark;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class its local Spark session ({@link SparkTestSessions#local2()}): made on first
 * use, handed to any method that takes a {@link SparkSession} (a {@code @BeforeAll} keeps it), and
 * stopped after the class's last test.
 */
public final class SparkSessionExtension implements ParameterResolver, AfterAllCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SparkSessionExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SparkSession.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NS).getOrComputeIfAbsent(key(context), k -> SparkTestSessions.local2(),
                SparkSession.class);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        SparkSession s = context.getRoot().getStore(NS).remove(key(context), SparkSession.class);
        if (s != null) {
            s.stop();
        }
    }

    private static String key(ExtensionContext context) {
        return context.getRequiredTestClass().getName();
    }
}
