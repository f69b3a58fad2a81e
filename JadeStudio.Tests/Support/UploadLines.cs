namespace JadeStudio.Tests.Support;

/// <summary>Where an upload's size limit falls, counted by hand from the file's text.</summary>
public static class UploadLines
{
    /// <summary>The number of the line (from 1) that the limit cuts: the first whose bytes and line end go past it.</summary>
    public static long CutAt(string content, long limitBytes)
    {
        var lines = content.Split('\n');
        long end = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            end += System.Text.Encoding.UTF8.GetByteCount(lines[i]) + 1;
            if (end > limitBytes)
            {
                return i + 1;
            }
        }
        throw new ArgumentException("The content is within the limit.", nameof(content));
    }
}
