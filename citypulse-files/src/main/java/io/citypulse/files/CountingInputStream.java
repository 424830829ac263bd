package io.citypulse.files;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the bytes taken from the underlying stream, for progress reports. */
final class CountingInputStream extends FilterInputStream {
  private volatile long count;
  private long mark;

  CountingInputStream(InputStream in) {
    super(in);
  }

  long count() {
    return count;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    count += skipped;
    return skipped;
  }

  @Override
  public synchronized void mark(int limit) {
    super.mark(limit);
    mark = count;
  }

  @Override
  public synchronized void reset() throws IOException {
    super.reset();
    count = mark;
  }
}
