package dev.tokentray.config;

import java.nio.file.Path;

/** A setting's value and where it was written, so an error can point at the line. */
public record ProfileValue(String value, Path file, int line) {
}
