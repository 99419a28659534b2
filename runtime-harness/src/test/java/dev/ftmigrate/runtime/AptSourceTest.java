package dev.ftmigrate.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class AptSourceTest {
    @TempDir Path etc;

    @Test
    void readsTheMirrorFromDeb822Sources() throws IOException {
        Files.createDirectories(etc.resolve("sources.list.d"));
        Files.writeString(etc.resolve("sources.list.d/debian.sources"), String.join("\n",
                "Types: deb",
                "URIs: http://mirror.example.org/debian-security",
                "Suites: bookworm-security",
                "Components: main",
                "",
                "Types: deb",
                "URIs: http://mirror.example.org/debian",
                "Suites: bookworm bookworm-updates",
                "Components: main",
                "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg", ""));
        Files.writeString(etc.resolve("sources.list.d/other.sources"),
                "Types: deb\nURIs: https://apt.example.com/node\nSuites: nodistro\nComponents: main\n");
        assertEquals("http://mirror.example.org/debian", AptSource.findDebianMirror(etc));
    }

    @Test
    void readsTheOneLineFormAndSkipsDisabledEntries() throws IOException {
        Files.writeString(etc.resolve("sources.list"), String.join("\n",
                "# deb http://commented.example/debian bookworm main",
                "deb [arch=amd64 signed-by=/x.gpg] http://ftp.example.net/debian/ bookworm main contrib",
                "deb http://security.example.net/debian-security bookworm-security main", ""));
        Files.createDirectories(etc.resolve("sources.list.d"));
        Files.writeString(etc.resolve("sources.list.d/a.sources"),
                "Enabled: no\nTypes: deb\nURIs: http://disabled.example/debian\nSuites: trixie\nComponents: main\n");
        assertEquals("http://ftp.example.net/debian/", AptSource.findDebianMirror(etc));
    }

    @Test
    void noDebianArchiveMeansNull() throws IOException {
        Files.writeString(etc.resolve("sources.list"), "deb https://packages.example.com/apt cloud-sdk main\n");
        assertNull(AptSource.findDebianMirror(etc));
    }
}
