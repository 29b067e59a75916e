package org.modnas.spark.store;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/** A real HDFS in the test JVM: one NameNode and one DataNode keeping their blocks under a folder. */
public final class MiniHdfs implements AutoCloseable {
    private final MiniDFSCluster cluster;

    private MiniHdfs(MiniDFSCluster cluster) {
        this.cluster = cluster;
    }

    /** Starts it with its blocks under {@code dir} and waits until it serves. */
    public static MiniHdfs start(Path dir) throws IOException {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.toString());
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        cluster.waitActive();
        return new MiniHdfs(cluster);
    }

    /** Its root, {@code hdfs://localhost:<port>}. */
    public String uri() {
        return cluster.getURI().toString();
    }

    /** A client of it. */
    public FileSystem fileSystem() throws IOException {
        return FileSystem.get(cluster.getURI(), new Configuration());
    }

    @Override
    public void close() {
        cluster.shutdown();
    }
}
