package io.citypulse.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.execution.streaming.checkpointing.CheckpointFileManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCheckpointFileManagerTest {
  @TempDir
  java.nio.file.Path dir;

  private CheckpointFileManager manager() {
    return new LocalCheckpointFileManager(new Path(dir.toUri()), new Configuration());
  }

  private static void write(
      CheckpointFileManager manager, Path path, String text, boolean overwrite) throws IOException {
    try (var out = manager.createAtomic(path, overwrite)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void writesAtomicallyReadsBackListsAndDeletes() throws Exception {
    CheckpointFileManager manager = manager();
    Path offsets = new Path(dir.resolve("offsets").toUri());
    Path first = new Path(offsets, "0");

    write(manager, first, "v1\n{\"a\":1}", false);

    assertThat(manager.exists(first)).isTrue();
    try (FSDataInputStream in = manager.open(first)) {
      in.seek(3);
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    }
    FileStatus[] listed = manager.list(offsets, p -> !p.getName().startsWith("."));
    assertThat(listed).extracting(s -> s.getPath().getName()).containsExactly("0");
    assertThat(listed[0].getLen()).isEqualTo(10);
    assertThat(Files.list(dir.resolve("offsets"))).as("no temporary file left").hasSize(1);

    manager.delete(offsets);
    assertThat(manager.exists(first)).isFalse();
    assertThat(manager.list(offsets, p -> true)).isEmpty();
  }

  @Test
  void anExistingBatchFileIsNotReplacedUnlessAsked() throws Exception {
    CheckpointFileManager manager = manager();
    Path commit = new Path(dir.resolve("commits/3").toUri());
    write(manager, commit, "first", false);

    assertThatThrownBy(() -> write(manager, commit, "second", false))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(dir.resolve("commits/3"))).isEqualTo("first");

    write(manager, commit, "third", true);
    assertThat(Files.readString(dir.resolve("commits/3"))).isEqualTo("third");
    assertThat(Files.list(dir.resolve("commits"))).hasSize(1);
  }

  @Test
  void aCancelledWriteLeavesNothing() throws Exception {
    CheckpointFileManager manager = manager();
    Path state = new Path(dir.resolve("state/0/0/1.delta").toUri());
    var out = manager.createAtomic(state, false);
    out.write(1);
    out.cancel();
    out.close();

    assertThat(manager.exists(state)).isFalse();
    assertThat(Files.list(dir.resolve("state/0/0"))).isEmpty();
  }
}
