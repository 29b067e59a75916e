package org.modnas.core.config;

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
 * The default HOCON includer, noting the files it includes in the order they finish parsing (an
 * included file before the file that includes it). {@link ConfigChains} orders chain entries by it.
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
        return record(fallback.include(context, what));
    }

    @Override
    public ConfigObject includeFile(ConfigIncludeContext context, File what) {
        return record(((ConfigIncluderFile) fallback).includeFile(context, what));
    }

    @Override
    public ConfigObject includeURL(ConfigIncludeContext context, URL what) {
        return record(((ConfigIncluderURL) fallback).includeURL(context, what));
    }

    @Override
    public ConfigObject includeResources(ConfigIncludeContext context, String what) {
        return record(((ConfigIncluderClasspath) fallback).includeResources(context, what));
    }

    private ConfigObject record(ConfigObject included) {
        String name = included.origin().filename();
        if (name != null && !files.contains(name)) {
            files.add(name);
        }
        return included;
    }
}
