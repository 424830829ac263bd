package io.citypulse.app.transfer;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the files dropped into a directory that are ready to import: a file counts once its size
 * and modification time are the same on two scans in a row (a copy still under way keeps growing),
 * and again when it changes afterwards. Subdirectories, dotfiles and temporary files ({@code .tmp},
 * {@code .part}, {@code .partial}, {@code .crdownload}, {@code .swp}, {@code ~}) are ignored.
 */
public final class DirectoryWatcher {
  /** Size and modification time of a file on a scan. */
  record Snapshot(long size, Instant modified) {}

  private final Path dir;
  private final Map<Path, Snapshot> previous = new HashMap<>();
  private final Map<Path, Snapshot> handed = new HashMap<>();

  public DirectoryWatcher(Path dir) {
    this.dir = dir;
  }

  /** Scans the directory: the files that became ready since the last scan, by name. */
  public List<Path> scan() throws IOException {
    Map<Path, Snapshot> current = new HashMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        if (ignored(entry.getFileName().toString())) {
          continue;
        }
        BasicFileAttributes attributes;
        try {
          attributes = Files.readAttributes(entry, BasicFileAttributes.class);
        } catch (IOException vanished) {
          continue; // moved away between the listing and now
        }
        if (attributes.isRegularFile()) {
          current.put(
              entry,
              new Snapshot(attributes.size(), attributes.lastModifiedTime().toInstant()));
        }
      }
    }
    return ready(current);
  }

  /** The files whose snapshot equals the previous scan's and differs from the one last handed out. */
  List<Path> ready(Map<Path, Snapshot> current) {
    List<Path> ready = new ArrayList<>();
    current.forEach((path, snapshot) -> {
      if (snapshot.equals(previous.get(path)) && !snapshot.equals(handed.get(path))) {
        ready.add(path);
        handed.put(path, snapshot);
      }
    });
    previous.clear();
    previous.putAll(current);
    handed.keySet().retainAll(current.keySet());
    ready.sort(null);
    return ready;
  }

  /** Makes {@code file} ready again on the next scan where it is unchanged (after a failure). */
  public void forget(Path file) {
    handed.remove(file);
  }

  /** Dotfiles and the names editors, browsers and copy tools give files still being written. */
  static boolean ignored(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.startsWith(".")
        || lower.endsWith("~")
        || lower.endsWith(".tmp")
        || lower.endsWith(".temp")
        || lower.endsWith(".part")
        || lower.endsWith(".partial")
        || lower.endsWith(".crdownload")
        || lower.endsWith(".swp");
  }
}
