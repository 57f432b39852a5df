<?php
/**
 * The base configuration for WordPress
 *
 * @package WordPress
 */

// ** Database settings - You can get this info from your web host ** //
define( 'DB_NAME', 'wp_blog' );
define( 'DB_USER', 'wp_blog' );
define( 'DB_PASSWORD', '⟦pos:generic-password⟧' );
define( 'DB_HOST', 'mysql.internal.example.com' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );

/**#@+
 * Authentication unique keys and salts.
 * Change these to different unique phrases! You can generate these using the
 * {@link https://api.wordpress.org/secret-key/1.1/salt/ WordPress.org secret-key service}.
 */
define( 'AUTH_KEY',         '⟦pos:django-secret⟧' );
define( 'SECURE_AUTH_KEY',  '⟦pos:django-secret⟧' );
define( 'LOGGED_IN_KEY',    '⟦pos:django-secret⟧' );
define( 'NONCE_KEY',        '⟦pos:django-secret⟧' );
define( 'AUTH_SALT',        '⟦lit:put your unique phrase here⟧' );
define( 'SECURE_AUTH_SALT', '⟦lit:put your unique phrase here⟧' );
/**#@-*/

define( 'WP_MAIL_SMTP_PASS', getenv( 'WP_MAIL_SMTP_PASS' ) );
define( 'S3_UPLOADS_KEY', '⟦pos:aws-key-id⟧' );
define( 'S3_UPLOADS_SECRET', '⟦pos:aws-secret⟧' );

$table_prefix = 'wp_';
define( 'WP_DEBUG', false );

if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
