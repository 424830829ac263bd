package io.citypulse.search;

/**
 * A document the cluster refused for good: it does not fit the mapping, its index cannot be
 * created... Sending it again would fail again; the app dead-letters it with the reason.
 *
 * @param status the item's HTTP status (400, 404...)
 * @param errorType e.g. {@code mapper_parsing_exception}
 * @param reason the engine's explanation
 */
public record RejectedDocument(
    SearchDocument document, int status, String errorType, String reason) {}
