/**
 * A platform team's tool that embeds healer as a library: the config built in code, the team's own
 * cloud provider, an audit of healer's decisions, and one cycle run on demand.
 */
package com.example.platform;
