namespace PaperLsp.Ingestion.Text;

/// <summary>
/// A read-only stream of UTF-8 (or not-yet-decoded single-byte) text made by <see cref="TextDecoding.Utf8Stream"/>: the
/// bytes already peeked at come first, then the rest of the inner stream (which may be transcoding UTF-16).
/// </summary>
internal sealed class Utf8SourceStream(byte[] peeked, Stream inner) : Stream
{
    private int offset;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (offset < peeked.Length)
        {
            var n = Math.Min(buffer.Length, peeked.Length - offset);
            peeked.AsSpan(offset, n).CopyTo(buffer);
            offset += n;
            return n;
        }

        return inner.Read(buffer);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
