package io.citypulse.broker;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates topics idempotently and checks that a broker answers. */
public final class TopicAdmin {

  private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

  private TopicAdmin() {}

  /**
   * Creates the topics that do not exist yet and waits until all of them are visible.
   * Existing topics are left untouched (a differing partition count is logged, not changed).
   *
   * @throws BrokerUnavailableException if the broker does not answer within {@code timeout}
   */
  public static void ensureTopics(
      String bootstrapServers, List<TopicSpec> specs, Duration timeout) {
    if (specs.isEmpty()) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    Admin admin = Admin.create(adminProperties(bootstrapServers, timeout));
    try {
      Set<String> existing = await(admin.listTopics().names(), deadline);
      List<NewTopic> missing = specs.stream()
          .filter(spec -> !existing.contains(spec.name()))
          .map(TopicAdmin::newTopic)
          .toList();
      if (!missing.isEmpty()) {
        createIgnoringExisting(admin, missing, deadline);
      }
      Map<String, TopicDescription> described = awaitVisible(admin, specs, deadline);
      warnOnPartitionMismatch(specs, described);
    } catch (TimeoutException e) {
      throw unavailable(bootstrapServers, timeout, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw unavailable(bootstrapServers, timeout, e.getCause());
      }
      throw new IllegalStateException(
          "cannot create topics on " + bootstrapServers + ": " + e.getCause().getMessage(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while creating topics on " + bootstrapServers, e);
    } finally {
      closeNow(admin);
    }
  }

  /** True if a broker at {@code bootstrapServers} answers a cluster-metadata request within the timeout. */
  public static boolean isReachable(String bootstrapServers, Duration timeout) {
    Admin admin = Admin.create(adminProperties(bootstrapServers, timeout));
    try {
      admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("Kafka at {} not reachable: {}", bootstrapServers, e.toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      closeNow(admin);
    }
  }

  /** Closes without waiting: a timed-out call would otherwise keep close() busy for its full timeout. */
  private static void closeNow(Admin admin) {
    admin.close(Duration.ZERO);
  }

  private static void createIgnoringExisting(Admin admin, List<NewTopic> topics, long deadline)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<String, KafkaFuture<Void>> results = admin.createTopics(topics).values();
    for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
      try {
        await(result.getValue(), deadline);
        LOG.info("Created topic {}", result.getKey());
      } catch (ExecutionException e) {
        // Another process (or a concurrent call) created it between listTopics and createTopics.
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
  }

  private static Map<String, TopicDescription> awaitVisible(
      Admin admin, List<TopicSpec> specs, long deadline)
      throws ExecutionException, InterruptedException, TimeoutException {
    Set<String> names = specs.stream().map(TopicSpec::name).collect(Collectors.toSet());
    while (true) {
      Set<String> listed = await(admin.listTopics().names(), deadline);
      if (listed.containsAll(names)) {
        return await(admin.describeTopics(names).allTopicNames(), deadline);
      }
      if (System.nanoTime() > deadline) {
        Set<String> absent = new HashSet<>(names);
        absent.removeAll(listed);
        throw new TimeoutException("topics not visible in time: " + absent);
      }
      Thread.sleep(POLL_INTERVAL.toMillis());
    }
  }

  private static void warnOnPartitionMismatch(
      List<TopicSpec> specs, Map<String, TopicDescription> described) {
    for (TopicSpec spec : specs) {
      TopicDescription description = described.get(spec.name());
      if (description != null && description.partitions().size() != spec.partitions()) {
        LOG.warn(
            "Topic {} exists with {} partitions, configuration asks for {}; keeping the existing topic",
            spec.name(),
            description.partitions().size(),
            spec.partitions());
      }
    }
  }

  private static <T> T await(KafkaFuture<T> future, long deadlineNanos)
      throws ExecutionException, InterruptedException, TimeoutException {
    long remaining = Math.max(1, deadlineNanos - System.nanoTime());
    return future.get(remaining, TimeUnit.NANOSECONDS);
  }

  private static NewTopic newTopic(TopicSpec spec) {
    return new NewTopic(spec.name(), spec.partitions(), spec.replicationFactor())
        .configs(spec.configs());
  }

  private static BrokerUnavailableException unavailable(
      String bootstrapServers, Duration timeout, Throwable cause) {
    return new BrokerUnavailableException(
        bootstrapServers,
        "Kafka not reachable at " + bootstrapServers + " within " + timeout.toMillis()
            + " ms (is the broker running? check --bootstrap-servers)",
        cause);
  }

  private static Properties adminProperties(String bootstrapServers, Duration timeout) {
    int timeoutMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
    props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "citypulse-topic-admin");
    return props;
  }
}
