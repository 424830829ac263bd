/**
 * Per-postcode bike availability: {@code velib-projet} (StationRecord JSON keyed by
 * {@code system:stationCode}) to {@code velib-projet-final-data} (PostcodeAvailability JSON keyed
 * by postcode).
 *
 * <p>Rules, in one place:
 * <ul>
 *   <li>Latest state: a record replaces its station's state only if (last_reported, fetched_at) is
 *       strictly greater (null = oldest). Equal (duplicate, re-publish) or older (late) records
 *       are stale: counted, ignored. Within a batch records apply in Kafka order, so the result
 *       and the counts do not depend on how batches are cut.</li>
 *   <li>State keyed by station (its latest state) and by postcode (running totals). A record that
 *       replaces a station's state takes the station's previous share out of its postcode and adds
 *       the new share to its (possibly new) postcode, in the same micro-batch; both states are
 *       committed with the Kafka offsets in the checkpoint, so a re-poll, a duplicate, a restart or
 *       a kill -9 cannot count a station twice or lose it, and the totals always equal a sum over
 *       the latest states (tested against an independent sum).</li>
 *   <li>Emitted for each postcode with at least one accepted record in the batch,
 *       including a newer fetched_at with unchanged counts (it refreshes {@code updated_at}), and
 *       for the postcode a station left (reported with its remaining stations, possibly 0).</li>
 *   <li>Unknown is not zero: {@code mechanical} is the sum of {@code mechanical} over the
 *       postcode's stations whose record has a non-null {@code mechanical}, and null when none of
 *       its stations has one (a feed without a breakdown by propulsion, e.g. GBFS 1.x); the same
 *       for {@code ebike}, independently. {@code untyped_bikes} is the sum of
 *       {@code bikes_available} over the stations whose record gives neither (a station giving
 *       only one kind counts in that kind's sum, not here), so a partly typed postcode says how
 *       many bikes its split leaves out. A postcode with no station left has both null.</li>
 *   <li>{@code docks_available}, {@code capacity} (and a missing {@code bikes_available}) count
 *       as 0 when null. Every station of the latest state counts, installed or not.</li>
 *   <li>The state keeps each station's mechanical and e-bike counts with their nullness
 *       ({@link io.citypulse.jobs.availability.StationStateCodec}), and each postcode the number of
 *       stations giving each split.</li>
 *   <li>{@code updated_at}: the freshest fetched_at (else last_reported) of the changes applied to
 *       the postcode (a station's arrival, update or departure), ISO-8601 UTC. Derived from data
 *       only, so a replay yields the same value.</li>
 *   <li>{@code commune}: the most frequent non-null commune of the postcode's stations (ties:
 *       alphabetical), null if none.</li>
 *   <li>A null or blank postcode is the {@code UNKNOWN} bucket. Tombstones, values that are not
 *       JSON (or have a field of the wrong type) and values without a station code are dropped
 *       and counted ({@code rejected}); the driver logs a WARN line per batch with an example.</li>
 * </ul>
 */
package io.citypulse.jobs.availability;
