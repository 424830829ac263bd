package io.citypulse.app.demo;

import io.citypulse.sources.synthetic.Gbfs23Feeds;
import io.citypulse.sources.synthetic.SyntheticNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The demo network's {@code stations_information.csv}, written into the state directory and used
 * as the demo's default {@code postcodes.table}: the GBFS 2.3 feed gives each station's
 * {@code post_code} but has no field for its commune, and the table does. Generated from the seed
 * at start-up, so the demo stays offline and starts as fast as before (300 rows: well under a
 * millisecond).
 */
public final class DemoPostcodeTable {
  /** The file name inside the state directory. */
  public static final String FILE_NAME = "demo-postcodes.csv";

  private DemoPostcodeTable() {}

  /** Where the demo keeps its table for this state directory. */
  public static Path path(Path stateDir) {
    return stateDir.resolve(FILE_NAME);
  }

  /**
   * Writes the table of {@code network} to {@code file}, replacing the table of an earlier demo
   * (another seed or station count gives other stations).
   */
  public static void write(SyntheticNetwork network, Path file) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      // Written beside and moved in place: a reader never sees half a table.
      Path partial = Files.createTempFile(dir, FILE_NAME, ".partial");
      Files.write(partial, Gbfs23Feeds.postcodeTable(network));
      Files.move(
          partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the demo's postcode table " + file, e);
    }
  }
}
