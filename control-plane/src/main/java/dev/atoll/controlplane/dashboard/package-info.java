/**
 * The dashboard: static HTML, CSS and JavaScript modules served as they are, which call
 * the API with the token the user enters. Knows no other feature.
 */
package dev.atoll.controlplane.dashboard;
