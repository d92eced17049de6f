using System.Collections;
using System.Reflection;
using Buurtbudget.Domain.Ballots;

namespace Buurtbudget.Domain.Tests;

/// <summary>Compares two object graphs member by member, because the domain's records hold immutable
/// collections whose own equality is by reference. Walks every public property, so a member that a codec
/// forgets shows up as a difference without anyone listing it here.</summary>
internal static class StructuralEquality
{
    public static void AssertEqual(object? expected, object? actual)
    {
        var difference = FindDifference(expected, actual, "$", 0);
        Assert.True(difference is null, difference);
    }

    public static string? FindDifference(object? expected, object? actual, string path, int depth)
    {
        if (depth > 40)
        {
            throw new InvalidOperationException($"{path}: the object graph is too deep (a cycle?).");
        }

        if (expected is null || actual is null)
        {
            return expected is null && actual is null ? null : $"{path}: expected {expected ?? "null"}, actual {actual ?? "null"}";
        }

        var type = expected.GetType();
        if (type != actual.GetType())
        {
            return $"{path}: expected a {type.Name}, actual a {actual.GetType().Name}";
        }

        if (expected is DateTimeOffset expectedTime)
        {
            var actualTime = (DateTimeOffset)actual;
            return expectedTime == actualTime && expectedTime.Offset == actualTime.Offset ? null : $"{path}: expected {expectedTime:O}, actual {actualTime:O}";
        }

        if (type.IsPrimitive || type.IsEnum || expected is string or decimal or DateTime or TimeSpan or Guid)
        {
            return expected.Equals(actual) ? null : $"{path}: expected {expected}, actual {actual}";
        }

        if (expected is BallotBook expectedBallots)
        {
            // Its order is the order ballots came in, which a snapshot (sorted by voter) does not keep.
            return FindDifference(
                expectedBallots.ToDictionary(pair => pair.Key, pair => pair.Value),
                ((BallotBook)actual).ToDictionary(pair => pair.Key, pair => pair.Value),
                path,
                depth);
        }

        if (expected is IDictionary expectedDictionary)
        {
            var actualDictionary = (IDictionary)actual;
            if (expectedDictionary.Count != actualDictionary.Count)
            {
                return $"{path}: expected {expectedDictionary.Count} entries, actual {actualDictionary.Count}";
            }

            foreach (DictionaryEntry entry in expectedDictionary)
            {
                if (!actualDictionary.Contains(entry.Key))
                {
                    return $"{path}[{entry.Key}]: missing";
                }

                var difference = FindDifference(entry.Value, actualDictionary[entry.Key], $"{path}[{entry.Key}]", depth + 1);
                if (difference is not null)
                {
                    return difference;
                }
            }

            return null;
        }

        if (expected is IEnumerable expectedSequence)
        {
            var expectedItems = expectedSequence.Cast<object?>().ToList();
            var actualItems = ((IEnumerable)actual).Cast<object?>().ToList();
            if (expectedItems.Count != actualItems.Count)
            {
                return $"{path}: expected {expectedItems.Count} items, actual {actualItems.Count}";
            }

            for (var index = 0; index < expectedItems.Count; index++)
            {
                var difference = FindDifference(expectedItems[index], actualItems[index], $"{path}[{index}]", depth + 1);
                if (difference is not null)
                {
                    return difference;
                }
            }

            return null;
        }

        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToList();
        if (properties.Count == 0)
        {
            return expected.Equals(actual) ? null : $"{path}: expected {expected}, actual {actual}";
        }

        foreach (var property in properties)
        {
            var difference = FindDifference(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}", depth + 1);
            if (difference is not null)
            {
                return difference;
            }
        }

        return null;
    }
}
