namespace Buurtbudget.Api.News;

/// <param name="Language">"nl" or "en": the language shown first; the request's language when left out.</param>
internal sealed record SubscribeRequest(string? Email, string? Language = null);

/// <param name="DistrictName">The wijk's name when a round of it is known.</param>
internal sealed record SubscribeAnswer(string District, string? DistrictName);

internal sealed record TokenRequest(string? Token);

internal sealed record SubscriptionAnswer(string District, bool Confirmed);

/// <param name="AlreadyGone">The subscription had been withdrawn before (the link was used already).</param>
internal sealed record WithdrawalAnswer(bool Withdrawn, bool AlreadyGone);

/// <param name="Address">Partly hidden, enough to recognise: j…@example.nl.</param>
/// <param name="WithdrawToken">The token of the withdraw link in this subscription's messages, so that its owner can
/// withdraw it from their list as well (POST /api/news/withdrawals); only ever given to the resident who made it.</param>
internal sealed record MySubscription(string District, string Address, bool Confirmed, DateTimeOffset Since, string WithdrawToken);
