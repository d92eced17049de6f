using System.Security.Cryptography;
using Buurtbudget.Api.Images;
using Buurtbudget.Api.Problems;
using SkiaSharp;

namespace Buurtbudget.Api.Tests.Images;

public sealed class ImageProcessingTests
{
    [Fact]
    public void A_jpeg_with_a_gps_position_comes_back_without_any_metadata()
    {
        var upload = TestImages.JpegWithGps();
        Assert.Contains(TestImages.JpegSegments(upload), segment => segment.Marker == 0xE1 && segment.Body.AsSpan().StartsWith("Exif"u8));
        Assert.True(TestImages.Contains(upload, TestImages.GpsSecondsRational));

        var (image, error) = ImageProcessing.Process(upload);

        Assert.Null(error);
        foreach (var version in new[] { image!.Phone, image.Thumbnail })
        {
            var segments = TestImages.JpegSegments(version.Bytes);
            Assert.DoesNotContain(segments, segment => segment.Marker is (>= 0xE1 and <= 0xEF) or 0xFE);
            Assert.False(TestImages.Contains(version.Bytes, "Exif"u8.ToArray()));
            Assert.False(TestImages.Contains(version.Bytes, TestImages.GpsSecondsRational));
            using var codec = SKCodec.Create(new SKMemoryStream(version.Bytes));
            Assert.Equal(SKEncodedImageFormat.Jpeg, codec.EncodedFormat);
            Assert.Equal(SKEncodedOrigin.TopLeft, codec.EncodedOrigin);
        }
    }

    [Fact]
    public void A_turned_photo_is_stored_upright_because_its_orientation_tag_is_dropped_with_the_metadata()
    {
        var (image, error) = ImageProcessing.Process(TestImages.JpegWithGps(64, 48, orientation: 6));

        Assert.Null(error);
        Assert.Equal((48, 64), (image!.Phone.Width, image.Phone.Height));
        using var bitmap = SKBitmap.Decode(image.Phone.Bytes);
        Assert.Equal((48, 64), (bitmap.Width, bitmap.Height));

        // The red block was top left in the sensor's picture and the green ground at its bottom; turned a quarter
        // clockwise, the block is top right and the ground on the left.
        var topRight = bitmap.GetPixel(bitmap.Width - 3, 3);
        var topLeft = bitmap.GetPixel(2, 2);
        Assert.True(topRight.Red > 180 && topRight.Green < 90, $"top right is {topRight}");
        Assert.True(topLeft.Green > 80 && topLeft.Red < 60 && topLeft.Blue < 60, $"top left is {topLeft}");
    }

    [Theory]
    [InlineData("jpeg")]
    [InlineData("png")]
    [InlineData("webp")]
    public void Jpeg_png_and_webp_are_taken_and_become_jpeg(string type)
    {
        var upload = type switch { "jpeg" => TestImages.Jpeg(), "png" => TestImages.Png(), _ => TestImages.Webp() };

        var (image, error) = ImageProcessing.Process(upload);

        Assert.Null(error);
        Assert.NotEqual(upload, image!.Phone.Bytes);
        using var codec = SKCodec.Create(new SKMemoryStream(image.Phone.Bytes));
        Assert.Equal(SKEncodedImageFormat.Jpeg, codec.EncodedFormat);
    }

    [Fact]
    public void A_large_photo_is_made_phone_sized_with_a_thumbnail_and_each_is_named_by_its_hash()
    {
        var (image, error) = ImageProcessing.Process(TestImages.Jpeg(3000, 2000));

        Assert.Null(error);
        Assert.Equal((1280, 853), (image!.Phone.Width, image.Phone.Height));
        Assert.Equal((320, 213), (image.Thumbnail.Width, image.Thumbnail.Height));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(image.Phone.Bytes)), image.Phone.Hash.Value);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(image.Thumbnail.Bytes)), image.Thumbnail.Hash.Value);
    }

    [Fact]
    public void A_small_photo_is_not_blown_up()
    {
        var (image, _) = ImageProcessing.Process(TestImages.Jpeg(200, 100));

        Assert.Equal((200, 100), (image!.Phone.Width, image.Phone.Height));
    }

    [Fact]
    public void A_transparent_png_lands_on_white_not_black()
    {
        var (image, _) = ImageProcessing.Process(TestImages.Png(64, 48, transparent: true));

        using var bitmap = SKBitmap.Decode(image!.Phone.Bytes);
        var middle = bitmap.GetPixel(32, 20);
        Assert.True(middle.Red > 240 && middle.Green > 240 && middle.Blue > 240, $"the transparent part became {middle}");
    }

    [Fact]
    public void A_decompression_bomb_is_refused_from_its_header_before_any_pixel_is_decoded()
    {
        var bomb = TestImages.JpegClaiming(60_000, 60_000);
        Assert.True(bomb.Length < 5_000);

        var (image, error) = ImageProcessing.Process(bomb);

        Assert.Null(image);
        Assert.Equal(ProblemCatalog.ImageTooManyPixels, error!.Code);
        Assert.Equal("60000", error.Arguments["width"]);
    }

    [Fact]
    public void A_picture_just_over_forty_megapixels_is_refused_and_one_just_under_is_not_refused_for_its_size()
    {
        Assert.Equal(ProblemCatalog.ImageTooManyPixels, ImageProcessing.Process(TestImages.JpegClaiming(8001, 5000)).Error!.Code);

        Assert.NotEqual(ProblemCatalog.ImageTooManyPixels, ImageProcessing.Process(TestImages.JpegClaiming(8000, 5000)).Error?.Code);
    }

    [Fact]
    public void A_truncated_file_is_refused_as_incomplete()
    {
        var whole = TestImages.Jpeg(400, 300);

        var (image, error) = ImageProcessing.Process(whole[..(whole.Length / 2)]);

        Assert.Null(image);
        Assert.Equal(ProblemCatalog.ImageIncomplete, error!.Code);
    }

    [Fact]
    public void A_text_file_called_a_photo_is_refused_as_unreadable()
    {
        var (image, error) = ImageProcessing.Process("Dit is geen foto, maar een boodschappenlijstje."u8.ToArray());

        Assert.Null(image);
        Assert.Equal(ProblemCatalog.ImageUnreadable, error!.Code);
    }

    [Fact]
    public void A_gif_is_refused_by_its_type()
    {
        var (image, error) = ImageProcessing.Process(TestImages.Gif());

        Assert.Null(image);
        Assert.Equal(ProblemCatalog.ImageTypeNotAllowed, error!.Code);
        Assert.Equal("GIF", error.Arguments["format"]);
    }

    [Fact]
    public void A_file_over_ten_megabytes_is_refused_before_it_is_read()
    {
        var (image, error) = ImageProcessing.Process(new byte[ImageProcessing.MaxUploadBytes + 1]);

        Assert.Null(image);
        Assert.Equal(ProblemCatalog.ImageTooLarge, error!.Code);
        Assert.Equal("10", error.Arguments["maxMb"]);
    }
}
