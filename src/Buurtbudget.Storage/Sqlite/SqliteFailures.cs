using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Buurtbudget.Storage.Sqlite;

/// <summary>Which SQLite errors mean "the storage cannot be used now" (retry later, report not ready) rather than
/// a bug in the caller or in this code.</summary>
internal static class SqliteFailures
{
    public static bool MeansUnavailable(SqliteException exception) =>
        exception.SqliteErrorCode is
            raw.SQLITE_BUSY or
            raw.SQLITE_LOCKED or
            raw.SQLITE_NOMEM or
            raw.SQLITE_READONLY or
            raw.SQLITE_IOERR or
            raw.SQLITE_CORRUPT or
            raw.SQLITE_FULL or
            raw.SQLITE_CANTOPEN or
            raw.SQLITE_PROTOCOL or
            raw.SQLITE_NOTADB;

    /// <summary>Busy and locked only mean another connection held the lock too long: the connection itself is sound.
    /// After any other failure the connection may hold a broken file handle, so it is replaced.</summary>
    public static bool LeavesConnectionUsable(SqliteException exception) =>
        exception.SqliteErrorCode is raw.SQLITE_BUSY or raw.SQLITE_LOCKED;

    public static string Describe(SqliteException exception) =>
        exception.SqliteErrorCode switch
        {
            raw.SQLITE_BUSY or raw.SQLITE_LOCKED => "the database stayed locked by another writer for too long",
            raw.SQLITE_FULL => "the disk or the database is full",
            raw.SQLITE_READONLY => "the database cannot be written (read-only file or file system)",
            raw.SQLITE_CANTOPEN => "the database file cannot be opened",
            raw.SQLITE_CORRUPT or raw.SQLITE_NOTADB => "the database file is damaged or is not a database",
            raw.SQLITE_NOMEM => "SQLite ran out of memory",
            _ => "an I/O error occurred",
        };
}
