package io.citypulse.bench.world;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The complete lines appended to a growing log since the previous call: the pipeline's output is
 * read as it is written, without reading it all again (a world run logs a line per station).
 */
final class LogFollower {
  private static final int CHUNK = 1 << 20;

  private final Path log;
  private long position;
  private String partial = "";

  LogFollower(Path log) {
    this.log = log;
  }

  List<String> newLines() throws IOException {
    List<String> lines = new ArrayList<>();
    if (!Files.exists(log)) {
      return lines;
    }
    try (SeekableByteChannel channel = Files.newByteChannel(log)) {
      ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
      while (channel.size() > position) {
        buffer.clear();
        channel.position(position);
        int read = channel.read(buffer);
        if (read <= 0) {
          break;
        }
        position += read;
        // Cut at the last newline: a multi-byte character may straddle two chunks.
        byte[] bytes = buffer.array();
        int end = read;
        while (end > 0 && bytes[end - 1] != '\n') {
          end--;
        }
        if (end == 0) {
          // No newline in a whole chunk: keep it for later, decoded (a very long line).
          partial += new String(bytes, 0, read, StandardCharsets.UTF_8);
          continue;
        }
        position -= read - end;
        String text = partial + new String(bytes, 0, end, StandardCharsets.UTF_8);
        partial = "";
        for (String line : text.split("\n", -1)) {
          if (!line.isEmpty()) {
            lines.add(line);
          }
        }
      }
    }
    return lines;
  }
}
