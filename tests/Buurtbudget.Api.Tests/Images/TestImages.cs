using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace Buurtbudget.Api.Tests.Images;

/// <summary>Pictures made for the tests, byte by byte where a camera or an attacker would put something in.</summary>
internal static class TestImages
{
    /// <summary>The GPS latitude written into <see cref="JpegWithGps"/> (51° 55' 12.34"), as its rational's bytes: a
    /// number no encoder writes by itself, so finding it means the position leaked.</summary>
    public static readonly byte[] GpsSecondsRational = [0xD2, 0x04, 0x00, 0x00, 0x64, 0x00, 0x00, 0x00];

    /// <summary>A JPEG of <paramref name="width"/> by <paramref name="height"/> with some structure in it.</summary>
    public static byte[] Jpeg(int width = 64, int height = 48, int quality = 90) => Encode(width, height, SKEncodedImageFormat.Jpeg, quality);

    public static byte[] Png(int width = 64, int height = 48, bool transparent = false) => Encode(width, height, SKEncodedImageFormat.Png, 100, transparent);

    public static byte[] Webp(int width = 64, int height = 48) => Encode(width, height, SKEncodedImageFormat.Webp, 90);

    /// <summary>A one-pixel GIF: a real image, of a type the platform does not take.</summary>
    public static byte[] Gif() => Convert.FromHexString("47494638396101000100800000000000FFFFFF21F90401000000002C00000000010001000002024401003B");

    /// <summary>A JPEG with an EXIF block as a phone writes it: a GPS position and, when asked, an orientation
    /// (6 = the camera was turned a quarter clockwise).</summary>
    public static byte[] JpegWithGps(int width = 64, int height = 48, ushort? orientation = null)
    {
        var jpeg = Jpeg(width, height);
        var exif = Exif(orientation);
        var segment = new byte[4 + exif.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), checked((ushort)(exif.Length + 2)));
        exif.CopyTo(segment, 4);
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }

    /// <summary>A small JPEG whose header claims <paramref name="width"/> by <paramref name="height"/> pixels: what a
    /// decompression bomb looks like to a decoder that believes it.</summary>
    public static byte[] JpegClaiming(ushort width, ushort height)
    {
        var jpeg = Jpeg(64, 48);
        for (var i = 2; i < jpeg.Length - 9; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] is 0xC0 or 0xC2)
            {
                BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(i + 5), height);
                BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(i + 7), width);
                return jpeg;
            }
        }

        throw new InvalidOperationException("The encoded JPEG has no start-of-frame segment.");
    }

    /// <summary>The markers of a JPEG's segments before its image data (APP0 = 0xE0, APP1 = 0xE1 holds EXIF or XMP,
    /// 0xFE is a comment).</summary>
    public static List<(byte Marker, byte[] Body)> JpegSegments(byte[] jpeg)
    {
        Assert.True(jpeg is [0xFF, 0xD8, ..], "Not a JPEG: it does not start with FF D8.");
        var segments = new List<(byte, byte[])>();
        var i = 2;
        while (i + 4 <= jpeg.Length && jpeg[i] == 0xFF && jpeg[i + 1] != 0xDA)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 2));
            segments.Add((jpeg[i + 1], jpeg[(i + 4)..(i + 2 + length)]));
            i += 2 + length;
        }

        return segments;
    }

    public static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    private static byte[] Encode(int width, int height, SKEncodedImageFormat format, int quality, bool transparent = false)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(transparent ? SKColors.Transparent : SKColors.SkyBlue);
            using var paint = new SKPaint { Color = SKColors.DarkGreen };
            canvas.DrawRect(0, height * 2 / 3f, width, height / 3f, paint);
            paint.Color = SKColors.Red;
            canvas.DrawRect(0, 0, width / 4f, height / 4f, paint);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, quality);
        return data.ToArray();
    }

    private static byte[] Exif(ushort? orientation)
    {
        // TIFF, little-endian: IFD0 at 8 with the orientation (optional) and a pointer to the GPS IFD, which holds
        // GPSLatitudeRef "N" and GPSLatitude 51/1, 55/1, 1234/100.
        var ifd0Entries = orientation is null ? 1 : 2;
        var gpsOffset = 8 + 2 + (12 * ifd0Entries) + 4;
        var rationalsOffset = gpsOffset + 2 + (12 * 2) + 4;
        var tiff = new byte[rationalsOffset + 24];
        var span = tiff.AsSpan();
        "II"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], 42);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], 8);
        var at = 8;
        BinaryPrimitives.WriteUInt16LittleEndian(span[at..], (ushort)ifd0Entries);
        at += 2;
        if (orientation is { } value)
        {
            at = Entry(span, at, 0x0112, 3, 1, value);
        }

        at = Entry(span, at, 0x8825, 4, 1, (uint)gpsOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(span[at..], 0);

        at = gpsOffset;
        BinaryPrimitives.WriteUInt16LittleEndian(span[at..], 2);
        at += 2;
        at = Entry(span, at, 0x0001, 2, 2, BinaryPrimitives.ReadUInt32LittleEndian("N\0\0\0"u8));
        at = Entry(span, at, 0x0002, 5, 3, (uint)rationalsOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(span[at..], 0);

        at = rationalsOffset;
        foreach (var (numerator, denominator) in new (uint, uint)[] { (51, 1), (55, 1), (1234, 100) })
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[at..], numerator);
            BinaryPrimitives.WriteUInt32LittleEndian(span[(at + 4)..], denominator);
            at += 8;
        }

        return [.. Encoding.ASCII.GetBytes("Exif\0\0"), .. tiff];
    }

    private static int Entry(Span<byte> span, int at, ushort tag, ushort type, uint count, uint value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(span[at..], tag);
        BinaryPrimitives.WriteUInt16LittleEndian(span[(at + 2)..], type);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(at + 4)..], count);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(at + 8)..], value);
        return at + 12;
    }
}
