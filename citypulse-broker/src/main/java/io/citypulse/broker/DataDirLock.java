package io.citypulse.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a broker data directory, held while the broker runs.
 *
 * <p>Kafka locks its log directory only when the broker part starts, after the controller part
 * has already opened the same metadata log; a second broker on a directory in use therefore
 * fails late and can leave the first one unable to shut down. Taking this lock first fails fast.
 */
final class DataDirLock implements AutoCloseable {

  static final String FILE_NAME = ".citypulse-broker.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Locks {@code dir} or fails with a message naming it. */
  static DataDirLock acquire(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open lock file " + file, e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by this JVM
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("cannot lock " + file, e);
    }
    if (lock == null) {
      closeQuietly(channel);
      throw new IllegalStateException("Kafka data directory " + dir
          + " is in use by another running broker: stop it or choose another data directory");
    }
    return new DataDirLock(channel, lock);
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // The channel close below releases it anyway.
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }
}
