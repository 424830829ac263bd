package io.citypulse.searchnode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A class-data sharing archive of the node's classes (Java 13+ dynamic AppCDS), kept under the
 * home: the node spends most of its start loading classes from the 46 MB jar, which the archive
 * maps instead (measured on 2 busy cores: 8-14 s without, 2-4 s with).
 *
 * <p>The first node of a home records its classes at exit ({@code -XX:ArchiveClassesAtExit}, which
 * makes that one stop a few seconds longer); the next ones start from the archive. The file is
 * written under a temporary name and only adopted after a clean stop: a node killed while writing
 * leaves no broken archive. Its name depends on the jar and the JVM, so a new build records a new
 * one. The JVM checks the archive too and runs without it (only slower) if it does not match; its
 * CDS messages are off, since the child's console is the launcher's protocol.
 */
final class ClassDataArchive {
  private static final String PREFIX = "opensearch-classes-";

  private final Path archive;
  private final Path recording;

  private ClassDataArchive(Path archive) {
    this.archive = archive;
    // One recording per child: a second child on the same home (refused, it is in use) must not
    // write over the first one's at its exit.
    this.recording = archive.resolveSibling(
        archive.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".part");
  }

  static ClassDataArchive of(Path nodeJar, Path home) throws IOException {
    return new ClassDataArchive(home.resolve("cds").resolve(PREFIX + key(nodeJar) + ".jsa"));
  }

  /** The child's JVM options: use the archive if there is one, else record it. */
  List<String> jvmOptions() throws IOException {
    if (Files.isRegularFile(archive)) {
      return List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off");
    }
    Files.createDirectories(archive.getParent());
    deleteOthers();
    return List.of("-XX:ArchiveClassesAtExit=" + recording, "-Xlog:cds*=off");
  }

  /** After the child stopped cleanly: its recorded archive is complete, so it is the one now. */
  void adopt() {
    try {
      if (Files.isRegularFile(recording)) {
        Files.move(
            recording,
            archive,
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      // The next node records it again.
    }
  }

  /** After a failed start: what the child recorded is not worth keeping. */
  void discard() {
    try {
      Files.deleteIfExists(recording);
    } catch (IOException e) {
      // The next recording deletes it.
    }
  }

  Path recording() {
    return recording;
  }

  Path archive() {
    return archive;
  }

  /** Archives of former builds of the jar (about 70 MB each). */
  private void deleteOthers() throws IOException {
    try (DirectoryStream<Path> old = Files.newDirectoryStream(archive.getParent(), PREFIX + "*")) {
      for (Path file : old) {
        Files.deleteIfExists(file);
      }
    }
  }

  private static String key(Path nodeJar) throws IOException {
    Path jar = nodeJar.toRealPath();
    String identity = String.join(
        "|",
        jar.toString(),
        Long.toString(Files.size(jar)),
        Long.toString(Files.getLastModifiedTime(jar).toMillis()),
        System.getProperty("java.home"),
        System.getProperty("java.vm.version"));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
