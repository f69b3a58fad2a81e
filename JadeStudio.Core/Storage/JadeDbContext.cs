using JadeStudio.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace JadeStudio.Core.Storage;

public sealed class JadeDbContext(DbContextOptions<JadeDbContext> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();
    public DbSet<UserGroupMembership> UserGroupMemberships => Set<UserGroupMembership>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no native DateTimeOffset; the binary form keeps time order in queries.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<User>(user =>
        {
            user.ToTable("users");
            user.HasKey(u => u.Id);
            user.HasIndex(u => new { u.Provider, u.Subject }).IsUnique();
            user.Property(u => u.Provider).HasMaxLength(64);
            user.Property(u => u.Subject).HasMaxLength(255);
            user.Property(u => u.Name).HasMaxLength(255);
            user.Property(u => u.Language).HasMaxLength(35);
            user.HasMany(u => u.Groups).WithOne().HasForeignKey(g => g.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<UserGroupMembership>(membership =>
        {
            membership.ToTable("user_groups");
            membership.HasKey(m => new { m.UserId, m.Group });
            membership.Property(m => m.Group).HasMaxLength(64);
        });
    }
}
