using Buurtbudget.Storage;
using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.Sqlite;

namespace Buurtbudget.Actors.Tests.Fixtures;

public static class TestStores
{
    /// <summary>The project's real embedded store over a database file in <paramref name="directory"/>.</summary>
    public static IEventStore OpenSqlite(string directory) =>
        new SqliteEventStore(DataDirectory.Resolve(directory), TimeProvider.System);
}
