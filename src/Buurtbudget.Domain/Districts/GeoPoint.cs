using System.Text.Json.Serialization;

namespace Buurtbudget.Domain.Districts;

/// <summary>A WGS84 location of a proposal (e.g. the corner where a speed bump should go),
/// in degrees. Validated to lie on earth; the API does not pretend to know wijk borders.</summary>
public readonly record struct GeoPoint(double Latitude, double Longitude)
{
    [JsonIgnore]
    public bool IsValid =>
        double.IsFinite(Latitude) && double.IsFinite(Longitude) &&
        Latitude is >= -90 and <= 90 && Longitude is >= -180 and <= 180;
}

/// <summary>A district as rounds name it: its CBS code, its name and its municipality's name.</summary>
public sealed record District(DistrictCode Code, string Name, string MunicipalityName)
{
    [JsonIgnore]
    public MunicipalityCode Municipality => Code.Municipality;
}
