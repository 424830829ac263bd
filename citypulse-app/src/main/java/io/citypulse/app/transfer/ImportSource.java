package io.citypulse.app.transfer;

import io.citypulse.sources.http.Download;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A file or a URL to import: its name for messages, and how to open it with its identity. */
public interface ImportSource {

  /** An opened input: read {@code in}, then close it. */
  record Opened(InputStream in, FileIdentity identity, long size) {}

  /** The path or URL, as given: in dead-letter headers, the ledger and messages. */
  String name();

  /** Opens the input; the identity is known before any row is read. */
  Opened open() throws IOException;

  /** A local file. */
  static ImportSource file(Path path) {
    return new ImportSource() {
      @Override
      public String name() {
        return path.toString();
      }

      @Override
      public Opened open() throws IOException {
        FileIdentity identity = FileIdentity.ofFile(path);
        return new Opened(Files.newInputStream(path), identity, Files.size(path));
      }
    };
  }

  /** An http(s) URL, downloaded as it is read. */
  static ImportSource url(URI uri, Duration timeout) {
    return new ImportSource() {
      @Override
      public String name() {
        return uri.toString();
      }

      @Override
      public Opened open() throws IOException {
        Download.Body body = Download.open(uri, timeout, timeout);
        BufferedInputStream in = new BufferedInputStream(body.in(), FileIdentity.SAMPLE + 1);
        in.mark(FileIdentity.SAMPLE + 1);
        byte[] head = in.readNBytes(FileIdentity.SAMPLE);
        in.reset();
        return new Opened(
            in, FileIdentity.ofUrl(uri.toString(), body.length(), head), body.length());
      }
    };
  }
}
