package io.citypulse.testkit.gbfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** One folder of a {@link GbfsCorpus}: the feed files captured from one system at one time. */
public record CorpusSystem(Path folder) {

  /** The folder name, e.g. {@code citibike-nyc-2019}; also a safe system id and topic suffix. */
  public String slug() {
    return folder.getFileName().toString();
  }

  /** The bytes of {@code <feed>.json}, if the capture has that feed. */
  public Optional<byte[]> feed(String feed) {
    Path file = folder.resolve(feed + ".json");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public boolean has(String feed) {
    return Files.isRegularFile(folder.resolve(feed + ".json"));
  }

  @Override
  public String toString() {
    return slug();
  }
}
