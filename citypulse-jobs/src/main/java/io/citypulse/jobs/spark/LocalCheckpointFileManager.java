package io.citypulse.jobs.spark;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathFilter;
import org.apache.hadoop.fs.PositionedReadable;
import org.apache.hadoop.fs.Seekable;
import org.apache.spark.sql.execution.streaming.checkpointing.CheckpointFileManager;
import org.apache.spark.sql.execution.streaming.checkpointing.FileContextBasedCheckpointFileManager;

/**
 * Checkpoint files (offset and commit logs, state store deltas) on the local disk through
 * java.nio: write to a temporary file, then an atomic rename. Other file systems (hdfs:, s3a:...)
 * go to Spark's own manager.
 *
 * <p>Why: without Hadoop's native library, which Maven does not ship, Hadoop's local file system
 * runs a shell command ({@code chmod}, {@code readlink}) for each permission change and rename,
 * and Spark's manager makes about fifteen such calls per micro-batch; the forks were most of a
 * small batch's time. Like Spark's local manager, files are not fsync'ed.
 */
public final class LocalCheckpointFileManager implements CheckpointFileManager {
  private final Path root;
  private final CheckpointFileManager delegate;
  private final boolean local;

  public LocalCheckpointFileManager(Path path, Configuration conf) {
    String scheme = path.toUri().getScheme();
    if (scheme == null) {
      scheme = FileSystem.getDefaultUri(conf).getScheme();
    }
    root = path;
    local = scheme == null || "file".equals(scheme);
    delegate = local ? null : new FileContextBasedCheckpointFileManager(path, conf);
  }

  private static java.nio.file.Path nio(Path path) {
    return java.nio.file.Path.of(path.toUri().getPath());
  }

  private static Path hadoop(java.nio.file.Path path) {
    return new Path(path.toAbsolutePath().toUri());
  }

  @Override
  public CancellableFSDataOutputStream createAtomic(Path path, boolean overwriteIfPossible) {
    if (!local) {
      return delegate.createAtomic(path, overwriteIfPossible);
    }
    java.nio.file.Path target = nio(path);
    java.nio.file.Path temp =
        target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      Files.createDirectories(target.getParent());
      return new AtomicOutputStream(Files.newOutputStream(temp), temp, target, overwriteIfPossible);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + temp, e);
    }
  }

  /** Renames the temporary file over the target when closed; {@link #cancel} drops it. */
  private static final class AtomicOutputStream extends CancellableFSDataOutputStream {
    private final java.nio.file.Path temp;
    private final java.nio.file.Path target;
    private final boolean overwrite;
    private boolean done;

    AtomicOutputStream(
        OutputStream out, java.nio.file.Path temp, java.nio.file.Path target, boolean overwrite) {
      super(new java.io.BufferedOutputStream(out, 64 * 1024));
      this.temp = temp;
      this.target = target;
      this.overwrite = overwrite;
    }

    @Override
    public synchronized void close() throws IOException {
      if (done) {
        return;
      }
      done = true;
      super.close();
      // Spark's logs rely on this: a batch file already written by another run must not be
      // replaced.
      if (!overwrite && Files.exists(target)) {
        Files.deleteIfExists(temp);
        throw new FileAlreadyExistsException(target + " already exists");
      }
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }

    @Override
    public synchronized void cancel() {
      if (done) {
        return;
      }
      done = true;
      try {
        super.close();
      } catch (IOException ignored) {
        // The file is dropped anyway.
      }
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete " + temp, e);
      }
    }
  }

  @Override
  public FSDataInputStream open(Path path) {
    if (!local) {
      return delegate.open(path);
    }
    try {
      return new FSDataInputStream(new SeekableBytes(Files.readAllBytes(nio(path))));
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException(new java.io.FileNotFoundException(path + " does not exist"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  /** A whole small file in memory, readable the way Hadoop streams are. */
  private static final class SeekableBytes extends ByteArrayInputStream
      implements Seekable, PositionedReadable {
    SeekableBytes(byte[] bytes) {
      super(bytes);
    }

    @Override
    public synchronized void seek(long position) throws IOException {
      if (position < 0 || position > count) {
        throw new EOFException("cannot seek to " + position + " in " + count + " bytes");
      }
      pos = (int) position;
    }

    @Override
    public synchronized long getPos() {
      return pos;
    }

    @Override
    public boolean seekToNewSource(long targetPos) {
      return false;
    }

    @Override
    public int read(long position, byte[] buffer, int offset, int length) {
      if (position >= count) {
        return -1;
      }
      int n = (int) Math.min(length, count - position);
      System.arraycopy(buf, (int) position, buffer, offset, n);
      return n;
    }

    @Override
    public void readFully(long position, byte[] buffer, int offset, int length) throws IOException {
      if (read(position, buffer, offset, length) < length) {
        throw new EOFException("fewer than " + length + " bytes at " + position);
      }
    }

    @Override
    public void readFully(long position, byte[] buffer) throws IOException {
      readFully(position, buffer, 0, buffer.length);
    }
  }

  @Override
  public FileStatus[] list(Path path, PathFilter filter) {
    if (!local) {
      return delegate.list(path, filter);
    }
    java.nio.file.Path dir = nio(path);
    if (!Files.isDirectory(dir)) {
      return new FileStatus[0];
    }
    List<FileStatus> out = new ArrayList<>();
    try (DirectoryStream<java.nio.file.Path> entries = Files.newDirectoryStream(dir)) {
      for (java.nio.file.Path entry : entries) {
        Path hadoopPath = hadoop(entry);
        if (filter.accept(hadoopPath)) {
          BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class);
          out.add(new FileStatus(
              attributes.size(),
              attributes.isDirectory(),
              1,
              32 * 1024 * 1024,
              attributes.lastModifiedTime().toMillis(),
              hadoopPath));
        }
      }
    } catch (NoSuchFileException e) {
      return new FileStatus[0];
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return out.toArray(new FileStatus[0]);
  }

  @Override
  public void mkdirs(Path path) {
    if (!local) {
      delegate.mkdirs(path);
      return;
    }
    try {
      Files.createDirectories(nio(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + path, e);
    }
  }

  @Override
  public boolean exists(Path path) {
    return local ? Files.exists(nio(path)) : delegate.exists(path);
  }

  @Override
  public void delete(Path path) {
    if (!local) {
      delegate.delete(path);
      return;
    }
    java.nio.file.Path target = nio(path);
    try {
      if (Files.isDirectory(target)) {
        Files.walkFileTree(target, new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(java.nio.file.Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(java.nio.file.Path dir, IOException e)
              throws IOException {
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
          }
        });
      } else {
        Files.deleteIfExists(target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }

  @Override
  public boolean isLocal() {
    return local || delegate.isLocal();
  }

  @Override
  public Path createCheckpointDirectory() {
    if (!local) {
      return delegate.createCheckpointDirectory();
    }
    mkdirs(root);
    return hadoop(nio(root));
  }
}
