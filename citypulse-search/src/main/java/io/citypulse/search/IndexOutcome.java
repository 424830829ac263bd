package io.citypulse.search;

import java.util.List;

/**
 * What one {@link SearchIndexer#index} call did; every document given is either indexed or
 * rejected.
 *
 * @param indexed documents stored (created or replaced: a replay counts here too)
 * @param rejected documents refused for good, with reasons
 * @param duplicates documents left out because a later one in the same call had the same index
 *     and id (they would have been overwritten anyway)
 * @param retries requests sent again before everything was settled
 */
public record IndexOutcome(
    int indexed, List<RejectedDocument> rejected, int duplicates, int retries) {
  public IndexOutcome {
    rejected = List.copyOf(rejected);
  }
}
