package io.citypulse.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Versions the bench was built with and the JVM flags Spark needs, filtered into
 * {@code bench-versions.properties} from the parent pom (one source of truth).
 */
public record BenchVersions(
    String citypulse, String spark, String kafka, String jmh, String jvmOpens) {

  public static BenchVersions load() {
    Properties props = new Properties();
    try (InputStream in = BenchVersions.class.getResourceAsStream("/bench-versions.properties")) {
      if (in == null) {
        throw new IllegalStateException("bench-versions.properties is missing from the classpath");
      }
      props.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new BenchVersions(
        props.getProperty("citypulse"),
        props.getProperty("spark"),
        props.getProperty("kafka"),
        props.getProperty("jmh"),
        props.getProperty("jvm.opens"));
  }
}
