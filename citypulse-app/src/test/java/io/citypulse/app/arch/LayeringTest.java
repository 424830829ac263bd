package io.citypulse.app.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module layers, checked on the compiled main classes of every module this one sees (all but
 * the benchmarks): a crossing fails the build and names the class and the call. The rules:
 * <ul>
 *   <li>Spark (and the Hadoop it brings) only in {@code citypulse-jobs}; the application sees jobs
 *       through Spark-free types ({@code JobEngine}, {@code RunningJob}, {@code JobProgress});
 *   <li>the web server (Javalin, Jetty) only in {@code citypulse-dashboard};
 *   <li>HTTP clients only in {@code citypulse-sources} (reading feeds) and {@code citypulse-search}
 *       (writing to the search index's REST API);
 *   <li>OpenSearch only in the embedded node's child JVM ({@code io.citypulse.searchnode.server});
 *   <li>Jedis only in {@code citypulse-cache};
 *   <li>the model depends on nothing but the JDK and Jackson.
 * </ul>
 */
class LayeringTest {
  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("/citypulse-testkit/"))
        // The local cluster is a tool beside the product (it starts Hadoop's and Spark's servers);
        // theProductDoesNotNeedTheLocalCluster keeps it out of the product.
        .withImportOption(location -> !location.contains("/citypulse-cluster/"))
        .importPackages("io.citypulse");
  }

  @Test
  void theImportSeesEveryModule() {
    // A rule over an empty or partial import passes whatever the code does.
    for (String module : new String[] {
      "app", "broker", "dashboard", "jobs", "model", "sources", "storage", "search", "cache"
    }) {
      assertThat(main.containPackage("io.citypulse." + module)).as(module).isTrue();
    }
  }

  @Test
  void sparkOnlyInTheJobs() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackages("io.citypulse.jobs..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..", "scala..")
            .because(
                "Spark stays behind the jobs module's Spark-free types (JobEngine, RunningJob, JobProgress)"));
  }

  @Test
  void webServerOnlyInTheDashboard() {
    check(noClasses()
        .that()
        .resideOutsideOfPackages("io.citypulse.dashboard..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.javalin..", "org.eclipse.jetty..")
        .because("serving HTTP is the dashboard's job"));
  }

  @Test
  void httpClientsOnlyInTheSourcesAndTheSearchSink() {
    check(noClasses()
        .that()
        .resideOutsideOfPackages(
            "io.citypulse.sources..", "io.citypulse.search..", "io.citypulse.app.sink.webhook..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.net.http..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.net.HttpURLConnection")
        .because("reading the outside world over HTTP is the sources' job; the search sink is"
            + " the one writer that speaks HTTP (the _bulk API); the alerts webhook sink POSTs alert"
            + " records and nothing else (its own package, so the allowance stays narrow)"));
  }

  @Test
  void openSearchOnlyInTheChildJvmsMain() {
    check(noClasses()
        .that()
        .resideOutsideOfPackages("io.citypulse.searchnode.server..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.opensearch..", "org.apache.lucene..")
        .because("the embedded node runs in a JVM of its own: its Netty, Jackson and Lucene must"
            + " never reach Spark's class path"));
  }

  @Test
  void redisClientOnlyInTheCache() {
    check(noClasses()
        .that()
        .resideOutsideOfPackages("io.citypulse.cache..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("redis.clients..")
        .because("the cache module is the one place that speaks to Redis"));
  }

  @Test
  void theProductDoesNotNeedTheLocalCluster() {
    check(noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.citypulse.cluster..")
        .because(
            "the local cluster is for trying and testing the cluster path, not part of a run"));
  }

  @Test
  void theModelIsLight() {
    check(classes()
        .that()
        .resideInAPackage("io.citypulse.model..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "com.fasterxml.jackson..", "io.citypulse.model..")
        .because("every module reads the model: it must not bring anything with it"));
  }

  private static void check(ArchRule rule) {
    rule.check(main);
  }
}
