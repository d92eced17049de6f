using System.Numerics;

namespace Buurtbudget.Domain.Outcomes;

/// <summary>An exact rational number, always reduced, with a positive denominator. Equal Shares and Phragmén
/// compare shares and loads that floating point gets wrong where ties decide who is funded.
/// <see cref="Approximation"/> lets the rules skip exact work where two values are far apart; every decision
/// that could go either way is taken on the exact value.</summary>
internal readonly struct Fraction : IComparable<Fraction>, IEquatable<Fraction>
{
    /// <summary>Relative distance below which two approximations may hide a different order: far above the
    /// error of a few double operations, far below any gap the rules care about.</summary>
    private const double Closeness = 1e-9;

    private Fraction(BigInteger numerator, BigInteger denominator, bool reduce)
    {
        if (denominator.IsZero)
        {
            throw new DivideByZeroException("A fraction cannot have a zero denominator.");
        }

        if (denominator.Sign < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }

        if (reduce && !denominator.IsOne)
        {
            var divisor = BigInteger.GreatestCommonDivisor(numerator, denominator);
            if (!divisor.IsOne && !divisor.IsZero)
            {
                numerator /= divisor;
                denominator /= divisor;
            }
        }

        Numerator = numerator;
        Denominator = denominator;
        Approximation = denominator.IsOne ? (double)numerator : Divide(numerator, denominator);
    }

    public static Fraction Zero { get; } = new(BigInteger.Zero, BigInteger.One, reduce: false);

    public BigInteger Numerator { get; }

    public BigInteger Denominator { get; }

    public double Approximation { get; }

    public int Sign => Numerator.Sign;

    public static Fraction Of(long value) => new(value, BigInteger.One, reduce: false);

    public static Fraction Of(BigInteger numerator, BigInteger denominator) => new(numerator, denominator, reduce: true);

    public static Fraction operator +(Fraction left, Fraction right) =>
        left.Denominator == right.Denominator
            ? new(left.Numerator + right.Numerator, left.Denominator, reduce: true)
            : new((left.Numerator * right.Denominator) + (right.Numerator * left.Denominator), left.Denominator * right.Denominator, reduce: true);

    public static Fraction operator -(Fraction left, Fraction right) =>
        left.Denominator == right.Denominator
            ? new(left.Numerator - right.Numerator, left.Denominator, reduce: true)
            : new((left.Numerator * right.Denominator) - (right.Numerator * left.Denominator), left.Denominator * right.Denominator, reduce: true);

    public static Fraction operator *(Fraction left, long right) => new(left.Numerator * right, left.Denominator, reduce: true);

    public static Fraction operator *(Fraction left, Fraction right) =>
        new(left.Numerator * right.Numerator, left.Denominator * right.Denominator, reduce: true);

    public static Fraction operator /(Fraction left, long right) => new(left.Numerator, left.Denominator * right, reduce: true);

    public static Fraction operator /(Fraction left, Fraction right) =>
        new(left.Numerator * right.Denominator, left.Denominator * right.Numerator, reduce: true);

    public static bool operator <(Fraction left, Fraction right) => left.CompareTo(right) < 0;

    public static bool operator >(Fraction left, Fraction right) => left.CompareTo(right) > 0;

    public static bool operator <=(Fraction left, Fraction right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Fraction left, Fraction right) => left.CompareTo(right) >= 0;

    public static bool operator ==(Fraction left, Fraction right) => left.Equals(right);

    public static bool operator !=(Fraction left, Fraction right) => !left.Equals(right);

    /// <summary>Whether two approximations are too close to trust their order.</summary>
    public static bool Close(double left, double right) =>
        Math.Abs(left - right) <= Closeness * Math.Max(Math.Abs(left), Math.Abs(right));

    public int CompareTo(Fraction other)
    {
        if (!Close(Approximation, other.Approximation))
        {
            return Approximation.CompareTo(other.Approximation);
        }

        return Denominator == other.Denominator
            ? Numerator.CompareTo(other.Numerator)
            : (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);
    }

    /// <summary>Compares this with <paramref name="numerator"/> / <paramref name="denominator"/> without building it.</summary>
    public int CompareTo(Fraction numerator, long denominator)
    {
        var approximation = numerator.Approximation / denominator;
        return !Close(Approximation, approximation)
            ? Approximation.CompareTo(approximation)
            : (Numerator * numerator.Denominator * denominator).CompareTo(numerator.Numerator * Denominator);
    }

    /// <summary>The largest whole number not above the value.</summary>
    public BigInteger Floor() => BigInteger.Divide(Numerator - (Numerator.Sign < 0 ? Denominator - 1 : 0), Denominator);

    /// <summary>The smallest whole number not below the value.</summary>
    public BigInteger Ceiling() => -(-this).Floor();

    public static Fraction operator -(Fraction value) => new(-value.Numerator, value.Denominator, reduce: false);

    public bool Equals(Fraction other) => Numerator == other.Numerator && Denominator == other.Denominator;

    public override bool Equals(object? obj) => obj is Fraction other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Numerator, Denominator);

    public override string ToString() => Denominator.IsOne ? Numerator.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{Numerator}/{Denominator}";

    private static double Divide(BigInteger numerator, BigInteger denominator)
    {
        // Large numerators and denominators overflow double on their own; their quotient rarely does.
        var shift = Math.Max(0L, Math.Max(numerator.GetBitLength(), denominator.GetBitLength()) - 1000);
        return shift == 0 ? (double)numerator / (double)denominator : (double)(numerator >> (int)shift) / (double)(denominator >> (int)shift);
    }
}
