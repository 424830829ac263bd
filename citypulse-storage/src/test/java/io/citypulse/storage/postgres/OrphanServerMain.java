package io.citypulse.storage.postgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

/** Child JVM of PostgresServerIT: starts a server, writes a row, then waits to be killed. */
public final class OrphanServerMain {
  static final String READY = "ORPHAN-READY";

  private OrphanServerMain() {}

  public static void main(String[] args) throws Exception {
    PostgresServer server = PostgresServer.start(Path.of(args[0]));
    try (Connection c = server.target().open();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE kept (v text)");
      s.execute("INSERT INTO kept VALUES ('from the killed run')");
    }
    System.out.println(READY);
    System.out.flush();
    // Not a wait for a condition: the test kills this JVM while it sleeps; the 120 s only bound an
    // orphan's life should the test itself die first.
    Thread.sleep(120_000);
  }
}
