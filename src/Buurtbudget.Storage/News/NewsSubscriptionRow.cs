using System.Data.Common;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;

namespace Buurtbudget.Storage.News;

/// <summary>A subscription as both stores select it: nine columns from a given one on, in the order of each
/// store's <c>SubscriptionColumns</c> (id, wijk, address key, sealed address, language, participant, created, confirmed,
/// confirmation requested; moments as UTC ticks).</summary>
internal static class NewsSubscriptionRow
{
    public static NewsSubscription Read(DbDataReader reader, int first) => new(
        reader.GetString(first),
        DistrictCode.Parse(reader.GetString(first + 1)),
        reader.GetString(first + 2),
        (byte[])reader.GetValue(first + 3),
        reader.GetString(first + 4),
        reader.IsDBNull(first + 5) ? null : new ParticipantKey(reader.GetString(first + 5)),
        Moment(reader, first + 6)!.Value,
        Moment(reader, first + 7),
        Moment(reader, first + 8));

    private static DateTimeOffset? Moment(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : new DateTimeOffset(reader.GetInt64(ordinal), TimeSpan.Zero);
}
