/** Fakes and helpers for testing healer and its plugins without a cluster or a cloud. */
package io.healer.testkit;
