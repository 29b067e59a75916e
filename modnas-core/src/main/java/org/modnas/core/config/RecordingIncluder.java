package org.modnas.core.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigIncluderURL;
import com.typesafe.config.ConfigObject;
import java.io.File;
import java.net.URL;
import java.util.List;

/**
 * The default HOCON includer, with two changes: every include is required (HOCON skips an include
 * of a file that does not exist, and what follows is an error about a missing key that points the
 * user the wrong way), and it notes the files it includes in the order they finish parsing (an
 * included file before the file that includes it), which {@link ConfigChains} orders chain entries by.
 */
final class RecordingIncluder implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderURL, ConfigIncluderClasspath {
    private final List<String> files;
    private final ConfigIncluder fallback;

    RecordingIncluder(List<String> files) {
        this(files, null);
    }

    private RecordingIncluder(List<String> files, ConfigIncluder fallback) {
        this.files = files;
        this.fallback = fallback;
    }

    @Override
    public ConfigIncluder withFallback(ConfigIncluder next) {
        return fallback == null ? new RecordingIncluder(files, next) : this;
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
        try {
            return record(fallback.include(required(context), what));
        } catch (ConfigException e) {
            throw new MissingInclude(what);
        }
    }

    /** An {@code include} that names no file; the loader says where it was looked for. */
    static final class MissingInclude extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String what;

        MissingInclude(String what) {
            super("include \"" + what + "\": no such file", null, false, false);
            this.what = what;
        }
    }

    @Override
    public ConfigObject includeFile(ConfigIncludeContext context, File what) {
        return record(((ConfigIncluderFile) fallback).includeFile(required(context), what));
    }

    @Override
    public ConfigObject includeURL(ConfigIncludeContext context, URL what) {
        return record(((ConfigIncluderURL) fallback).includeURL(required(context), what));
    }

    @Override
    public ConfigObject includeResources(ConfigIncludeContext context, String what) {
        return record(((ConfigIncluderClasspath) fallback).includeResources(required(context), what));
    }

    private static ConfigIncludeContext required(ConfigIncludeContext context) {
        return context.setParseOptions(context.parseOptions().setAllowMissing(false));
    }

    private ConfigObject record(ConfigObject included) {
        String name = included.origin().filename();
        if (name != null && !files.contains(name)) {
            files.add(name);
        }
        return included;
    }
}
