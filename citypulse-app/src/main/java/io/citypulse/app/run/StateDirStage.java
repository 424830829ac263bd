package io.citypulse.app.run;

import java.nio.file.Files;
import java.nio.file.Path;

/** Creates the state directory (broker data, checkpoints, caches) before anything writes there. */
record StateDirStage(Path dir) implements Stage {
  @Override
  public Running start(StageContext context) throws Exception {
    Files.createDirectories(dir);
    return Running.NOTHING;
  }
}
