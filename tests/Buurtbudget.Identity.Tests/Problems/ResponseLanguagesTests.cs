using Buurtbudget.Identity.Problems;
using Microsoft.AspNetCore.Http;

namespace Buurtbudget.Identity.Tests.Problems;

public sealed class ResponseLanguagesTests
{
    [Theory]
    [InlineData(null, ResponseLanguage.Dutch)]
    [InlineData("", ResponseLanguage.Dutch)]
    [InlineData("en", ResponseLanguage.English)]
    [InlineData("en-GB", ResponseLanguage.English)]
    [InlineData("nl-NL,nl;q=0.9,en;q=0.8", ResponseLanguage.Dutch)]
    [InlineData("en-US,en;q=0.9,nl;q=0.8", ResponseLanguage.English)]
    [InlineData("nl;q=0.5,en;q=0.8", ResponseLanguage.English)]
    [InlineData("de-DE,en;q=0.5", ResponseLanguage.English)]
    [InlineData("de-DE,fr;q=0.5", ResponseLanguage.Dutch)]
    [InlineData("*", ResponseLanguage.Dutch)]
    [InlineData("english", ResponseLanguage.Dutch)]
    [InlineData("en;q=0", ResponseLanguage.Dutch)]
    [InlineData("en,nl", ResponseLanguage.English)]
    [InlineData("nl,en", ResponseLanguage.Dutch)]
    public void The_preferred_language_follows_Accept_Language(string? header, ResponseLanguage expected)
    {
        var context = new DefaultHttpContext();
        if (header is not null)
        {
            context.Request.Headers.AcceptLanguage = header;
        }

        Assert.Equal(expected, ResponseLanguages.Preferred(context.Request));
    }
}
