using System.Reflection;
using Buurtbudget.Api.Problems;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Wijken;

namespace Buurtbudget.Api.Tests.Errors;

/// <summary>A domain error the catalog does not know would reach a person as a 500; a reason code without words
/// would reach them as a code.</summary>
public sealed class ProblemCatalogTests
{
    public static TheoryData<string> DomainCodes()
    {
        var data = new TheoryData<string>();
        foreach (var code in RoundErrors.All.Concat(Constants(typeof(DistrictErrors))).Concat(Constants(typeof(BallotReceiptErrors))).Concat(Constants(typeof(WijkBudgetErrors))).Distinct(StringComparer.Ordinal))
        {
            data.Add(code);
        }

        return data;
    }

    public static TheoryData<string> ReasonCodes()
    {
        var data = new TheoryData<string>();
        foreach (var code in Constants(typeof(InvalidRulesReasons)).Concat(Constants(typeof(InvalidTextReasons))).Concat(Constants(typeof(BallotMethodImpossibleReasons))).Concat(Constants(typeof(NotEligibleReasons))))
        {
            data.Add(code);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DomainCodes))]
    public void Every_domain_error_has_a_status_and_texts_in_both_languages(string code)
    {
        Assert.True(ProblemCatalog.Knows(code), $"ProblemCatalog has no entry for '{code}'.");
        var text = ProblemCatalog.For(code);
        Assert.InRange(text.Status, 400, 499);
        Assert.All(new[] { text.TitleNl, text.DetailNl, text.TitleEn, text.DetailEn }, t => Assert.False(string.IsNullOrWhiteSpace(t)));
    }

    [Theory]
    [MemberData(nameof(ReasonCodes))]
    public void Every_reason_code_has_words_in_both_languages(string reason)
    {
        Assert.NotEqual(reason, ProblemCatalog.Reason(reason, english: false));
        Assert.NotEqual(reason, ProblemCatalog.Reason(reason, english: true));
    }

    private static IEnumerable<string> Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!);
}
