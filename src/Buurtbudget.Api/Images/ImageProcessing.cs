using System.Globalization;
using Buurtbudget.Api.Problems;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Proposals;
using SkiaSharp;

namespace Buurtbudget.Api.Images;

/// <summary>One version the platform made of an upload: JPEG bytes and their hash.</summary>
internal sealed record ImageVersion(ImageHash Hash, byte[] Bytes, int Width, int Height);

/// <summary>What an upload became: a phone-sized picture and a thumbnail, both re-encoded from the decoded pixels.</summary>
internal sealed record ProcessedImage(ImageVersion Phone, ImageVersion Thumbnail)
{
    public StoredImage ToStored() => new(Phone.Hash, Thumbnail.Hash, Phone.Width, Phone.Height);
}

/// <summary>Turns a resident's upload into pictures the platform serves. The upload itself is never kept or served: the
/// header is read first and anything too big is refused before a pixel is allocated (a small file can declare a huge
/// picture); the pixels are decoded, turned upright (the EXIF orientation would otherwise be lost with the metadata),
/// scaled and encoded afresh as JPEG, which carries none of the upload's metadata (EXIF GPS positions are personal
/// data), and which every phone and link preview shows.</summary>
internal static class ImageProcessing
{
    public const long MaxUploadBytes = 10 * 1024 * 1024;
    public const long MaxPixels = 40_000_000;
    public const int PhoneLongSide = 1280;
    public const int ThumbnailLongSide = 320;
    public const int JpegQuality = 82;
    public const string ContentType = "image/jpeg";

    public static (ProcessedImage? Image, DomainError? Error) Process(byte[] upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        if (upload.LongLength > MaxUploadBytes)
        {
            return (null, TooLargeError(upload.LongLength));
        }

        using var data = SKData.CreateCopy(upload);
        using var codec = SKCodec.Create(data);
        if (codec is null)
        {
            return (null, DomainError.Of(ProblemCatalog.ImageUnreadable));
        }

        if (codec.EncodedFormat is not (SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Png or SKEncodedImageFormat.Webp))
        {
            return (null, DomainError.Of(ProblemCatalog.ImageTypeNotAllowed, ("format", codec.EncodedFormat.ToString().ToUpperInvariant())));
        }

        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0)
        {
            return (null, DomainError.Of(ProblemCatalog.ImageUnreadable));
        }

        if ((long)width * height > MaxPixels)
        {
            return (null, DomainError.Of(
                ProblemCatalog.ImageTooManyPixels, ("width", width), ("height", height), ("maxMegapixels", MaxPixels / 1_000_000)));
        }

        using var decoded = Decode(codec, out var result);
        if (decoded is null)
        {
            return (null, DomainError.Of(result == SKCodecResult.IncompleteInput ? ProblemCatalog.ImageIncomplete : ProblemCatalog.ImageUnreadable));
        }

        using var phone = Upright(decoded, codec.EncodedOrigin, PhoneLongSide);
        using var thumbnail = Upright(phone, SKEncodedOrigin.TopLeft, ThumbnailLongSide);
        return (new ProcessedImage(Encode(phone), Encode(thumbnail)), null);
    }

    /// <summary>The hash the store and the log use for <paramref name="bytes"/>.</summary>
    public static DomainError TooLargeError(long bytes) => DomainError.Of(
        ProblemCatalog.ImageTooLarge,
        ("sizeMb", (bytes / 1024d / 1024d).ToString("0.0", CultureInfo.InvariantCulture)),
        ("maxMb", MaxUploadBytes / 1024 / 1024));

    /// <summary>Decodes the pixels, at a reduced scale where the format can (JPEG decodes at 1/2, 1/4 or 1/8 for
    /// nothing), so that a 40-megapixel photo for a 1280-pixel picture does not take 160 MB. Null when the data ends
    /// early or is corrupt: a half-grey picture is not shown.</summary>
    private static SKBitmap? Decode(SKCodec codec, out SKCodecResult result)
    {
        var longSide = Math.Max(codec.Info.Width, codec.Info.Height);
        var size = codec.Info.Size;
        if (longSide > PhoneLongSide)
        {
            var scaled = codec.GetScaledDimensions((float)PhoneLongSide / longSide);
            if (Math.Max(scaled.Width, scaled.Height) >= PhoneLongSide)
            {
                size = scaled;
            }
        }

        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul, SKColorSpace.CreateSrgb());
        var bitmap = new SKBitmap(info);
        result = codec.GetPixels(info, bitmap.GetPixels());
        if (result == SKCodecResult.Success)
        {
            return bitmap;
        }

        bitmap.Dispose();
        return null;
    }

    /// <summary>A new bitmap at most <paramref name="longSide"/> pixels on its long side, turned as
    /// <paramref name="origin"/> says, on white (a transparent PNG would otherwise turn black as JPEG).</summary>
    private static SKBitmap Upright(SKBitmap source, SKEncodedOrigin origin, int longSide)
    {
        var swaps = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (uprightWidth, uprightHeight) = swaps ? (source.Height, source.Width) : (source.Width, source.Height);
        var scale = Math.Min(1d, (double)longSide / Math.Max(uprightWidth, uprightHeight));
        var width = Math.Max(1, (int)Math.Round(uprightWidth * scale));
        var height = Math.Max(1, (int)Math.Round(uprightHeight * scale));

        // Without a colour space of its own: the pixels are sRGB already (decoded so), and a bitmap that names one makes
        // the encoder write an ICC profile, which is metadata too.
        var target = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(target);
        canvas.Clear(SKColors.White);
        Orient(canvas, origin, width, height);
        var (drawWidth, drawHeight) = swaps ? (height, width) : (width, height);
        using var image = SKImage.FromBitmap(source);
        canvas.DrawImage(image, SKRect.Create(drawWidth, drawHeight), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        canvas.Flush();
        return target;
    }

    /// <summary>The transform that draws a picture stored with <paramref name="origin"/> upright on a canvas of
    /// <paramref name="width"/> by <paramref name="height"/> (EXIF orientations 1 to 8).</summary>
    private static void Orient(SKCanvas canvas, SKEncodedOrigin origin, int width, int height)
    {
        switch (origin)
        {
            case SKEncodedOrigin.TopRight:
                canvas.Translate(width, 0);
                canvas.Scale(-1, 1);
                break;
            case SKEncodedOrigin.BottomRight:
                canvas.Translate(width, height);
                canvas.RotateDegrees(180);
                break;
            case SKEncodedOrigin.BottomLeft:
                canvas.Translate(0, height);
                canvas.Scale(1, -1);
                break;
            case SKEncodedOrigin.LeftTop:
                canvas.RotateDegrees(90);
                canvas.Scale(1, -1);
                break;
            case SKEncodedOrigin.RightTop:
                canvas.Translate(width, 0);
                canvas.RotateDegrees(90);
                break;
            case SKEncodedOrigin.RightBottom:
                canvas.Translate(width, height);
                canvas.RotateDegrees(270);
                canvas.Scale(1, -1);
                break;
            case SKEncodedOrigin.LeftBottom:
                canvas.Translate(0, height);
                canvas.RotateDegrees(-90);
                break;
            default:
                break;
        }
    }

    private static ImageVersion Encode(SKBitmap bitmap)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var encoded = image.Encode(SKEncodedImageFormat.Jpeg, JpegQuality)
            ?? throw new InvalidOperationException("SkiaSharp could not encode a decoded picture as JPEG.");
        var bytes = encoded.ToArray();
        return new ImageVersion(ImageHash.Of(bytes), bytes, bitmap.Width, bitmap.Height);
    }
}
