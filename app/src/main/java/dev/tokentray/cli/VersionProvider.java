package dev.tokentray.cli;

import picocli.CommandLine;

/** The version from the jar manifest, which Maven fills from the pom. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"tokentray " + (version == null ? "(development build)" : version)};
    }
}
