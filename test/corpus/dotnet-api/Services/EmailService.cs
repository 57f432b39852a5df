using System;
using System.Net;
using System.Net.Mail;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;

namespace Acme.Orders.Services
{
    public sealed class EmailService
    {
        private const string SmtpHost = "smtp.office365.com";
        private const string SmtpUser = "orders@example.com";
        private const string SmtpPassword = "⟦pos:generic-password⟧";
        private const int PasswordMinLength = 12;
        private static readonly string ApiKey = ⟦lit:Environment.GetEnvironmentVariable("MAILER_API_KEY")⟧;
        private readonly string _signingKey;

        public EmailService(IConfiguration config)
        {
            _signingKey = config["Jwt:SigningKey"] ?? throw new InvalidOperationException("Jwt:SigningKey missing");
        }

        public async Task SendAsync(string to, string subject, string body)
        {
            using var client = new SmtpClient(SmtpHost, 587)
            {
                EnableSsl = true,
                Credentials = new NetworkCredential(SmtpUser, SmtpPassword),
            };
            var azureToken = @"⟦pos:jwt⟧";
            await client.SendMailAsync(new MailMessage(SmtpUser, to, subject, body));
        }

        public static bool IsValidPassword(string password) =>
            password.Length >= PasswordMinLength && password != "⟦lit:Password123⟧";
    }
}
