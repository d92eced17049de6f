using Buurtbudget.Domain.Districts;
using Buurtbudget.Storage.Events;

namespace Buurtbudget.Storage.Tests.Events;

public class WijkBudgetStreamsTests
{
    [Fact]
    public void A_wijk_stream_id_is_a_version_5_uuid_fixed_by_the_code()
    {
        var delfshaven = WijkBudgetStreams.StreamOf(DistrictCode.Parse("WK059903"));

        Assert.Equal(5, delfshaven.Value.Version);
        Assert.Equal(delfshaven, WijkBudgetStreams.StreamOf(DistrictCode.Parse("WK059903")));
        Assert.NotEqual(delfshaven, WijkBudgetStreams.StreamOf(DistrictCode.Parse("WK059905")));

        // Pinned (Python: uuid.uuid5(namespace, "WK059903") gives the same): the id is a contract with every stored log and every auditor who recomputes it offline.
        Assert.Equal("99112ee6-db5c-5343-b13c-a53f2607ecd1", delfshaven.ToString());
    }
}
