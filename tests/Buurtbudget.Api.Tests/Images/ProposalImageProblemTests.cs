using System.Reflection;
using Buurtbudget.Api.Problems;
using Buurtbudget.Domain.Proposals;

namespace Buurtbudget.Api.Tests.Images;

/// <summary>Every refusal about pictures reaches a person in words, Dutch and English, never as a bare code.</summary>
public sealed class ProposalImageProblemTests
{
    public static TheoryData<string> Codes()
    {
        var data = new TheoryData<string>();
        foreach (var field in typeof(ProposalImageErrors).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
        {
            data.Add((string)field.GetRawConstantValue()!);
        }

        foreach (var code in new[]
        {
            ProblemCatalog.ImageTooLarge, ProblemCatalog.ImageTypeNotAllowed, ProblemCatalog.ImageUnreadable, ProblemCatalog.ImageIncomplete,
            ProblemCatalog.ImageTooManyPixels, ProblemCatalog.ImageHidden, ProblemCatalog.ImageRemoved, ProblemCatalog.ImageErased,
        })
        {
            data.Add(code);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Every_picture_problem_has_a_status_and_texts_in_both_languages(string code)
    {
        Assert.True(ProblemCatalog.Knows(code), $"ProblemCatalog has no entry for '{code}'.");
        var text = ProblemCatalog.For(code);
        Assert.InRange(text.Status, 400, 499);
        Assert.All(new[] { text.TitleNl, text.DetailNl, text.TitleEn, text.DetailEn }, t => Assert.False(string.IsNullOrWhiteSpace(t)));
        Assert.NotEqual(text.DetailNl, text.DetailEn);
    }
}
