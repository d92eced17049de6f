using System.Text.Json.Serialization;

namespace Buurtbudget.Domain.Districts;

/// <summary>A WGS84 location of a proposal (e.g. the corner where a speed bump should go),
/// in degrees. A new location must lie in the Netherlands' bounding box; the platform knows no wijk or buurt
/// borders, so it does not pretend to check that a point lies in the round's wijk.</summary>
public readonly record struct GeoPoint(double Latitude, double Longitude)
{
    /// <summary>The European Netherlands with its coast and the Wadden islands, a little generously rounded
    /// (Vaals 50.75° N, Rottumerplaat 53.56° N, Cadzand 3.36° E, Bad Nieuweschans 7.23° E). The Caribbean
    /// Netherlands are public bodies, not gemeenten, so no buurtbudget lies there.</summary>
    public const double MinLatitude = 50.75;

    /// <inheritdoc cref="MinLatitude"/>
    public const double MaxLatitude = 53.7;

    /// <inheritdoc cref="MinLatitude"/>
    public const double MinLongitude = 3.2;

    /// <inheritdoc cref="MinLatitude"/>
    public const double MaxLongitude = 7.25;

    [JsonIgnore]
    public bool IsValid =>
        double.IsFinite(Latitude) && double.IsFinite(Longitude) &&
        Latitude is >= -90 and <= 90 && Longitude is >= -180 and <= 180;

    /// <summary>Inside the bounding box of <see cref="MinLatitude"/>: a rough check that catches swapped
    /// coordinates (4.45, 51.9 lies off Somalia) and points picked far off on the map, nothing finer.</summary>
    [JsonIgnore]
    public bool IsInNetherlands =>
        IsValid && Latitude is >= MinLatitude and <= MaxLatitude && Longitude is >= MinLongitude and <= MaxLongitude;
}

/// <summary>A district as rounds name it: its CBS code, its name and its municipality's name.</summary>
public sealed record District(DistrictCode Code, string Name, string MunicipalityName)
{
    [JsonIgnore]
    public MunicipalityCode Municipality => Code.Municipality;
}
