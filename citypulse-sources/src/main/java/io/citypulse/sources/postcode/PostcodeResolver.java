package io.citypulse.sources.postcode;

import io.citypulse.model.PostcodeLocation;
import io.citypulse.model.StationInformation;

/**
 * Finds the postal code of a station. Implementations never throw for a station they cannot
 * place: they answer {@link PostcodeLocation#UNKNOWN}, or {@link PostcodeLocation#PENDING} while
 * an answer is on its way (callers hold such a station back and ask again later).
 */
@FunctionalInterface
public interface PostcodeResolver {

  /**
   * @param system the bike-share system id (e.g. {@code velib})
   * @param info the station's information; {@code info.postcode()} is the feed's own postcode
   */
  PostcodeLocation resolve(String system, StationInformation info);

  /**
   * Waits up to {@code timeout} for answers to {@link PostcodeLocation#PENDING} stations, so a
   * poll can publish them at once instead of on the next poll.
   *
   * @return true if nothing is pending any more
   */
  default boolean awaitPending(java.time.Duration timeout) throws InterruptedException {
    return true;
  }
}
