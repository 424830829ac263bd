package io.citypulse.app.run;

import io.citypulse.app.cli.UserFacingException;
import io.citypulse.broker.BrokerUnavailableException;
import io.citypulse.broker.TopicAdmin;
import io.citypulse.broker.TopicSpec;
import java.time.Duration;
import java.util.List;

/** Creates the topics the running stages use, or checks the existing ones. */
record TopicsStage(List<TopicSpec> topics) implements Stage {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Override
  public Running start(StageContext context) {
    try {
      TopicAdmin.ensureTopics(context.get(BrokerStage.BOOTSTRAP), topics, TIMEOUT);
    } catch (BrokerUnavailableException e) {
      throw new UserFacingException(e.getMessage(), e);
    }
    return Running.NOTHING;
  }
}
