package io.citypulse.sources.postcode;

import io.citypulse.model.PostcodeLocation;
import io.citypulse.model.StationInformation;

/**
 * Finds the postal code of a station. Implementations never throw for a station they cannot
 * place: they answer {@link PostcodeLocation#UNKNOWN}.
 */
@FunctionalInterface
public interface PostcodeResolver {

  /**
   * @param system the bike-share system id (e.g. {@code velib})
   * @param info the station's information; {@code info.postcode()} is the feed's own postcode
   */
  PostcodeLocation resolve(String system, StationInformation info);
}
