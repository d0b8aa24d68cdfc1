package io.healer.integration.openstack;

/**
 * Who is who in the seeded Keystone. The healer user lives in its own domain ({@code healer-domain},
 * not Default), so that a login by names really needs the domains. Passwords and secrets are new
 * each run; {@link #toString()} leaves them out.
 *
 * @param userId the healer user's id
 * @param password its password
 * @param domainId the id of {@link #DOMAIN}
 * @param projectId the id of {@link #PROJECT}
 * @param applicationCredentialId an application credential of the healer user on the project
 * @param applicationCredentialSecret its secret
 * @param trusteeUserId Magnum's trustee of the cluster (in Magnum's trustee domain)
 * @param trusteePassword its password
 * @param trustId the trust from the healer user to that trustee on the project (role member)
 */
record Identity(String userId, String password, String domainId, String projectId, String applicationCredentialId,
    String applicationCredentialSecret, String trusteeUserId, String trusteePassword, String trustId) {

  static final String USER = "healer";
  static final String DOMAIN = "healer-domain";
  static final String PROJECT = "healer-project";
  static final String REGION = "RegionOne";

  @Override
  public String toString() {
    return "Identity[user " + userId + " in domain " + domainId + ", project " + projectId
        + ", application credential " + applicationCredentialId + ", trust " + trustId + "]";
  }
}
