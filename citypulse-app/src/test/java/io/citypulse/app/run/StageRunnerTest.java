package io.citypulse.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.app.cli.ExitCodes;
import io.citypulse.app.cli.UserFacingException;
import io.citypulse.app.config.ConfigException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The lifecycle: dependency order, parallel starts, reverse stops, one error, background failures. */
class StageRunnerTest {
  private final Queue<String> events = new ConcurrentLinkedQueue<>();
  private final StringWriter output = new StringWriter();
  private final PrintWriter out = new PrintWriter(output, true);

  /** A stage that records its start and stop, and runs {@code body} when it starts. */
  private record Recorded(String name, Body body, Queue<String> events) implements Stage {
    interface Body {
      Running run(StageContext context) throws Exception;
    }

    @Override
    public Running start(StageContext context) throws Exception {
      Running running = body.run(context);
      events.add("start " + name);
      return new Running() {
        @Override
        public String failure() {
          return running.failure();
        }

        @Override
        public void close() throws Exception {
          events.add("stop " + name);
          running.close();
        }
      };
    }
  }

  private PlannedStage step(String name, String... needs) {
    return step(name, context -> Running.NOTHING, needs);
  }

  private PlannedStage step(String name, Recorded.Body body, String... needs) {
    return new PlannedStage(name, List.of(needs), false, new Recorded(name, body, events));
  }

  private PlannedStage inBackground(String name, List<String> needs, Recorded.Body body) {
    return new PlannedStage(name, needs, true, new Recorded(name, body, events));
  }

  @Test
  void startsInDependencyOrderAndStopsInReversePlanOrder() {
    StageRunner runner = StageRunner.start(
        List.of(step("a"), step("b", "a"), step("c", "b")), out, Clock.systemUTC());
    runner.close();

    assertThat(events)
        .containsExactly("start a", "start b", "start c", "stop c", "stop b", "stop a");
    assertThat(output.toString()).contains("citypulse: stopped");
  }

  @Test
  void independentStagesStartSideBySide() {
    CountDownLatch both = new CountDownLatch(2);
    Recorded.Body meetTheOther = context -> {
      both.countDown();
      // Each waits for the other: only a runner that starts them in parallel gets past this.
      if (!both.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("started one after the other");
      }
      return Running.NOTHING;
    };
    try (StageRunner runner = StageRunner.start(
        List.of(step("left", meetTheOther), step("right", meetTheOther)), out, Clock.systemUTC())) {
      assertThat(events).containsExactlyInAnyOrder("start left", "start right");
    }
  }

  @Test
  void valuesFlowFromAStageToTheStagesThatNeedIt() {
    StageContext.Key<String> address = StageContext.Key.named("address");
    Queue<String> seen = new ConcurrentLinkedQueue<>();
    try (StageRunner runner = StageRunner.start(
        List.of(
            step("broker", context -> {
              context.provide(address, "127.0.0.1:9092");
              return Running.NOTHING;
            }),
            step(
                "client",
                context -> {
                  seen.add(context.get(address));
                  return Running.NOTHING;
                },
                "broker")),
        out,
        Clock.systemUTC())) {
      assertThat(seen).containsExactly("127.0.0.1:9092");
      assertThat(runner.provided(address)).isEqualTo("127.0.0.1:9092");
    }
  }

  @Test
  void aValueAskedForAfterTheRunStoppedIsAbsentNotAnError() {
    StageContext.Key<String> address = StageContext.Key.named("address");
    StageRunner runner = StageRunner.start(
        List.of(step("broker", context -> {
          context.provide(address, "127.0.0.1:9092");
          return Running.NOTHING;
        })),
        out,
        Clock.systemUTC());
    runner.close();

    assertThat(runner.provided(StageContext.Key.<String>named("never provided")))
        .isNull();
    assertThat(runner.provided(address)).isEqualTo("127.0.0.1:9092");
  }

  @Test
  void aFailureStopsWhatStartedAndIsOneUserFacingError() {
    List<PlannedStage> plan = List.of(
        step("broker"),
        step(
            "spark",
            context -> {
              throw new IllegalStateException("no space left on device");
            },
            "broker"),
        step("job", "spark"));

    assertThatThrownBy(() -> StageRunner.start(plan, out, Clock.systemUTC()))
        .isInstanceOf(UserFacingException.class)
        .hasMessage("spark: cannot start: no space left on device");
    assertThat(events).containsExactly("start broker", "stop broker").doesNotContain("start job");
  }

  @Test
  void aStagesOwnMessagesReachTheUserUnchanged() {
    assertThatThrownBy(() -> StageRunner.start(
            List.of(step("table", context -> {
              throw new ConfigException(
                  "config key 'postcodes.table': line 3 has 2 fields, the header 3");
            })),
            out,
            Clock.systemUTC()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config key");
    assertThatThrownBy(() -> StageRunner.start(
            List.of(step("job", context -> {
              throw new TimeoutException("30 s");
            })),
            out,
            Clock.systemUTC()))
        .hasMessage("job: did not start in time: 30 s");
  }

  @Test
  void aBackgroundFailureEndsTheRunWithAnExitCode() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    PlannedStage dashboard = inBackground("dashboard", List.of("broker"), context -> {
      release.await();
      throw new UserFacingException("cannot serve the dashboard on 127.0.0.1:8080");
    });
    try (StageRunner runner =
        StageRunner.start(List.of(step("broker"), dashboard), out, Clock.systemUTC())) {
      // start() returned although the background stage has not finished starting.
      assertThat(events).containsExactly("start broker");
      release.countDown();

      assertThat(runner.awaitTermination()).isEqualTo(ExitCodes.FAILURE);
      assertThat(output.toString())
          .contains("citypulse: cannot serve the dashboard on 127.0.0.1:8080");
    }
  }

  @Test
  void aStageThatFailsWhileRunningEndsTheRun() throws Exception {
    PlannedStage job = step("job", context -> new Running() {
      @Override
      public String failure() {
        return "the Spark job availability stopped: out of memory";
      }

      @Override
      public void close() {}
    });
    try (StageRunner runner = StageRunner.start(List.of(job), out, Clock.systemUTC())) {
      assertThat(runner.awaitTermination()).isEqualTo(ExitCodes.FAILURE);
    }
    assertThat(output.toString())
        .contains("citypulse: the Spark job availability stopped: out of memory");
  }

  @Test
  void closeEndsTheWaitWithSuccessAndIsIdempotent() throws Exception {
    StageRunner runner = StageRunner.start(List.of(step("a")), out, Clock.systemUTC());
    Thread closer = new Thread(runner::close);
    closer.start();
    assertThat(runner.awaitTermination()).isEqualTo(ExitCodes.OK);
    closer.join();
    runner.close();

    assertThat(events).containsExactly("start a", "stop a");
  }

  @Test
  void aStageStillStartingWhenTheRunStopsIsStoppedAsItFinishes() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    PlannedStage slow = inBackground("slow", List.of(), context -> {
      entered.countDown();
      release.await();
      return Running.NOTHING;
    });
    StageRunner runner = StageRunner.start(List.of(slow), out, Clock.systemUTC());
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    runner.close();
    release.countDown();

    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(events).containsExactly("start slow", "stop slow"));
  }

  @Test
  void aWaitForAValueNoStageProvidesEndsWhenTheRunStops() throws Exception {
    StageContext.Key<String> never = StageContext.Key.named("never");
    Queue<Object> awaited = new ConcurrentLinkedQueue<>();
    CountDownLatch waiting = new CountDownLatch(1);
    PlannedStage waiter = inBackground("waiter", List.of(), context -> {
      waiting.countDown();
      awaited.add(String.valueOf(context.await(never)));
      return Running.NOTHING;
    });
    StageRunner runner = StageRunner.start(List.of(waiter), out, Clock.systemUTC());
    assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
    runner.close();

    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(awaited).containsExactly("null"));
  }
}
