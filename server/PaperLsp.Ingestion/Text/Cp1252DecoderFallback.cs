using System.Text;

namespace PaperLsp.Ingestion.Text;

/// <summary>
/// For streamed UTF-8 (XML): bytes that are not valid UTF-8 become their Windows-1252 characters instead of U+FFFD,
/// and <paramref name="onFirstUse"/> runs once so the file gets one warning.
/// </summary>
internal sealed class Cp1252DecoderFallback(Action onFirstUse) : DecoderFallback
{
    private int used;

    public override int MaxCharCount => 4;

    public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer(this);

    private void Used()
    {
        if (Interlocked.Exchange(ref used, 1) == 0)
        {
            onFirstUse();
        }
    }

    private sealed class Buffer(Cp1252DecoderFallback owner) : DecoderFallbackBuffer
    {
        private string pending = "";
        private int position;

        public override int Remaining => pending.Length - position;

        public override bool Fallback(byte[] bytesUnknown, int index)
        {
            owner.Used();
            pending = TextDecoding.Windows1252(bytesUnknown);
            position = 0;
            return pending.Length > 0;
        }

        public override char GetNextChar() => position < pending.Length ? pending[position++] : '\0';

        public override bool MovePrevious()
        {
            if (position == 0)
            {
                return false;
            }

            position--;
            return true;
        }

        public override void Reset()
        {
            pending = "";
            position = 0;
        }
    }
}
