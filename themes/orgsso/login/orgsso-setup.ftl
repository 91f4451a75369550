<#import "template.ftl" as layout>
<#-- The self-service SSO setup a setup link opens. Works without JavaScript; the copy buttons are the only script. -->
<@layout.registrationLayout displayInfo=false; section>
<!-- template: orgsso-setup.ftl -->
    <#if section = "header">
        <#if setup.step = "refused">${msg("orgssoSetupRefusedTitle")}
        <#elseif setup.step = "done">${msg("orgssoSetupDoneTitle", setup.organization)}
        <#elseif setup.step = "renew" || setup.step = "renewed">${msg((setup.protocol = "saml")?then("orgssoSetupRenewCertificateTitle", "orgssoSetupRenewTitle"), setup.organization)}
        <#else>${msg("orgssoSetupTitle", setup.organization)}</#if>
    <#elseif section = "form">
    <div id="orgsso-setup" data-step="${setup.step}" class="orgsso-setup">
    <#if setup.notice??>
        <p id="orgsso-setup-notice" class="orgsso-notice">${msg(setup.notice.key, setup.notice.param)}</p>
    </#if>

    <#if setup.step = "refused">
        <p id="orgsso-setup-refused" data-why="${setup.why}">${msg("orgssoSetupRefused." + setup.why)}</p>

    <#elseif setup.step = "choose">
        <p class="orgsso-lead">${msg("orgssoSetupIntro", setup.organization, setup.expiresAt)}</p>
        <ol class="orgsso-steps" id="orgsso-setup-progress">
            <li class="orgsso-step-current">${msg("orgssoSetupStepChoose")}</li>
            <li>${msg("orgssoSetupStepConnect")}</li>
            <li>${msg("orgssoSetupStepTest")}</li>
            <li>${msg("orgssoSetupStepDomains")}</li>
            <li>${msg("orgssoSetupStepActivate")}</li>
        </ol>
        <form id="orgsso-setup-choose" class="${properties.kcFormClass!}" action="${setup.actions.provider}" method="post">
            <fieldset>
                <legend class="orgsso-legend">${msg("orgssoSetupChooseLegend")}</legend>
                <#list setup.types as t>
                    <div class="orgsso-choice">
                        <input type="radio" name="type" value="${t.value}" id="orgsso-setup-type-${t.value}" <#if t?index = 0>checked</#if>/>
                        <label for="orgsso-setup-type-${t.value}">${msg("orgssoSetupType." + t.value)}</label>
                    </div>
                </#list>
            </fieldset>
            <fieldset>
                <legend class="orgsso-legend">${msg("orgssoSetupProtocolLegend")}</legend>
                <#list ["oidc", "saml"] as p>
                    <div class="orgsso-choice">
                        <input type="radio" name="protocol" value="${p}" id="orgsso-setup-protocol-${p}" <#if p?index = 0>checked</#if>/>
                        <label for="orgsso-setup-protocol-${p}">${msg("orgssoSetupProtocol." + p)}</label>
                    </div>
                </#list>
                <p class="orgsso-hint">${msg("orgssoSetupProtocolHint")}</p>
            </fieldset>
            <div class="${properties.kcFormGroupClass!}">
                <button type="submit" id="orgsso-setup-choose-submit" class="${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("orgssoSetupContinue")}</button>
            </div>
        </form>

    <#elseif setup.step = "connect" && setup.protocol = "saml">
        <#assign r = setup.register>
        <#assign f = setup.form>
        <h2 class="orgsso-h2">${msg("orgssoSetupRegisterHeading", msg("orgssoSetupAt." + r.vendor))}</h2>
        <div id="orgsso-setup-register" data-vendor="${r.vendor}" data-protocol="saml">
            <p>${msg("orgssoSetupSamlSteps." + r.vendor)}</p>
            <#list [["sp-entity-id", "orgssoSetupSpEntityId." + r.vendor, r.spEntityId], ["acs-url", "orgssoSetupAcsUrl." + r.vendor, r.acsUrl], ["sp-metadata-url", "orgssoSetupSpMetadataUrl", r.spMetadataUrl]] as row>
                <label for="orgsso-setup-${row[0]}" class="orgsso-label">${msg(row[1])}</label>
                <div class="orgsso-copy-row">
                    <input id="orgsso-setup-${row[0]}" class="pf-v5-c-form-control orgsso-mono" type="text" readonly value="${row[2]}"/>
                    <button type="button" class="${properties.kcButtonSecondaryClass!} orgsso-copy" data-copy="orgsso-setup-${row[0]}" hidden>${msg("orgssoSetupCopy")}</button>
                </div>
            </#list>
            <p class="orgsso-label">${msg("orgssoSetupNameId")}</p>
            <p id="orgsso-setup-name-id"><code>${r.nameIdFormat}</code> ${msg("orgssoSetupNameIdHint." + r.vendor)}</p>
            <p class="orgsso-label">${msg("orgssoSetupAttributes." + r.vendor)}</p>
            <table class="orgsso-verdicts" id="orgsso-setup-attributes">
                <thead><tr><th>${msg("orgssoSetupAttributeFor")}</th><th>${msg("orgssoSetupAttributeName")}</th></tr></thead>
                <tbody>
                <#list r.attributes as a>
                    <tr data-property="${a.property}"><td>${msg("orgssoSetupAttribute." + a.property)}</td><td class="orgsso-mono"><code>${a.name}</code></td></tr>
                </#list>
                </tbody>
            </table>
        </div>
        <h2 class="orgsso-h2">${msg("orgssoSetupEnterMetadataHeading")}</h2>
        <form id="orgsso-setup-connection" class="${properties.kcFormClass!}" action="${setup.actions.connection}" method="post" novalidate="novalidate">
            <@metadataFields f=f vendor=r.vendor/>
            <div class="${properties.kcFormGroupClass!}">
                <button type="submit" id="orgsso-setup-save" class="${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("orgssoSetupSave")}</button>
            </div>
        </form>
        <form action="${setup.actions.change}" method="post">
            <input type="hidden" name="provider" value="1"/>
            <button type="submit" id="orgsso-setup-other-provider" class="pf-v5-c-button pf-m-link">${msg("orgssoSetupOtherProvider")}</button>
        </form>

    <#elseif setup.step = "connect">
        <#assign r = setup.register>
        <#assign f = setup.form>
        <h2 class="orgsso-h2">${msg("orgssoSetupRegisterHeading", msg("orgssoSetupAt." + r.vendor))}</h2>
        <div id="orgsso-setup-register" data-vendor="${r.vendor}">
            <p>${msg("orgssoSetupSteps." + r.vendor)}</p>
            <label for="orgsso-setup-redirect-uri" class="orgsso-label">${msg("orgssoSetupRedirectUri")}</label>
            <div class="orgsso-copy-row">
                <input id="orgsso-setup-redirect-uri" class="pf-v5-c-form-control orgsso-mono" type="text" readonly value="${r.redirectUri}"/>
                <button type="button" class="${properties.kcButtonSecondaryClass!} orgsso-copy" data-copy="orgsso-setup-redirect-uri" hidden>${msg("orgssoSetupCopy")}</button>
            </div>
            <p class="orgsso-label">${msg("orgssoSetupScopes")}</p>
            <p id="orgsso-setup-scopes"><#list r.scopes as s><code>${s}</code><#sep> </#list></p>
            <p class="orgsso-label">${msg("orgssoSetupClaims." + r.vendor)}</p>
            <p id="orgsso-setup-claims"><#list r.claims as c><code>${c}</code><#sep> </#list></p>
        </div>
        <h2 class="orgsso-h2">${msg("orgssoSetupEnterHeading")}</h2>
        <form id="orgsso-setup-connection" class="${properties.kcFormClass!}" action="${setup.actions.connection}" method="post" novalidate="novalidate">
            <#if f.needsTenant>
                <div class="${properties.kcFormGroupClass!}">
                    <label for="tenant" class="orgsso-label">${msg("orgssoSetupTenant")}</label>
                    <input id="tenant" name="tenant" class="pf-v5-c-form-control" type="text" value="${f.tenant}" autocomplete="off"/>
                    <p class="orgsso-hint">${msg("orgssoSetupTenantHint")}</p>
                </div>
            </#if>
            <#if f.needsIssuer>
                <div class="${properties.kcFormGroupClass!}">
                    <label for="issuer" class="orgsso-label">${msg("orgssoSetupIssuer")}</label>
                    <input id="issuer" name="issuer" class="pf-v5-c-form-control" type="url" value="${f.issuer}" autocomplete="off"/>
                    <p class="orgsso-hint">${msg("orgssoSetupIssuerHint." + r.vendor)}</p>
                </div>
            </#if>
            <div class="${properties.kcFormGroupClass!}">
                <label for="clientId" class="orgsso-label">${msg("orgssoSetupClientId")}</label>
                <input id="clientId" name="clientId" class="pf-v5-c-form-control" type="text" value="${f.clientId}" autocomplete="off"/>
            </div>
            <div class="${properties.kcFormGroupClass!}">
                <label for="clientSecret" class="orgsso-label">${msg("orgssoSetupClientSecret")}</label>
                <input id="clientSecret" name="clientSecret" class="pf-v5-c-form-control" type="password" value="" autocomplete="new-password"/>
                <#if f.secretSaved><p class="orgsso-hint">${msg("orgssoSetupSecretKept")}</p></#if>
            </div>
            <div class="${properties.kcFormGroupClass!}">
                <label for="clientSecretExpiresAt" class="orgsso-label">${msg("orgssoSetupSecretExpires")}</label>
                <input id="clientSecretExpiresAt" name="clientSecretExpiresAt" class="pf-v5-c-form-control" type="date" value="${f.clientSecretExpiresAt}"/>
                <p class="orgsso-hint">${msg("orgssoSetupSecretExpiresHint")}</p>
            </div>
            <div class="${properties.kcFormGroupClass!}">
                <button type="submit" id="orgsso-setup-save" class="${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("orgssoSetupSave")}</button>
            </div>
        </form>
        <form action="${setup.actions.change}" method="post">
            <input type="hidden" name="provider" value="1"/>
            <button type="submit" id="orgsso-setup-other-provider" class="pf-v5-c-button pf-m-link">${msg("orgssoSetupOtherProvider")}</button>
        </form>

    <#elseif setup.step = "test">
        <#assign c = setup.connection>
        <#if setup.result??>
            <#assign res = setup.result>
            <section id="orgsso-setup-result" data-passed="${res.passed?c}" class="orgsso-result">
                <h2 class="orgsso-h2">${msg(res.passed?then("orgssoSetupResultPassed", "orgssoSetupResultFailed"))}</h2>
                <#if res.error != "">
                    <p id="orgsso-setup-result-error">${msg("orgssoSetupResultError", res.error)}</p>
                <#else>
                    <table class="orgsso-verdicts<#if setup.protocol = "saml"> orgsso-verdicts-saml</#if>" id="orgsso-setup-verdicts">
                        <thead><tr><th>${msg((setup.protocol = "saml")?then("orgssoSetupAttributeName", "orgssoSetupClaim"))}</th><th>${msg("orgssoSetupSent")}</th><th>${msg("orgssoSetupVerdict")}</th></tr></thead>
                        <tbody>
                        <#list res.verdicts as v>
                            <tr class="orgsso-verdict orgsso-verdict-${v.level}" data-claim="${v.claim}" data-level="${v.level}" id="orgsso-verdict-${v?index}">
                                <td><code>${v.claim}</code></td>
                                <td class="orgsso-mono"><#if v.value != "">${v.value}<#else><em>${msg("orgssoSetupNotSent")}</em></#if></td>
                                <td>${msg("orgssoSetupLevel." + v.level)} ${msg(v.message, v.param)}</td>
                            </tr>
                        </#list>
                        </tbody>
                    </table>
                    <p class="orgsso-hint" id="orgsso-setup-claim-names">${msg((setup.protocol = "saml")?then("orgssoSetupAllAttributes", "orgssoSetupAllClaims"))} <#list res.claims as n><code>${n}</code><#sep> </#list></p>
                    <p class="orgsso-hint">${msg("orgssoSetupNothingCreated")}</p>
                </#if>
            </section>
        </#if>
        <h2 class="orgsso-h2">${msg("orgssoSetupConnectionHeading", msg("orgssoSetupAt." + c.type.value))}</h2>
        <#if setup.protocol = "saml">
        <dl class="orgsso-summary" id="orgsso-setup-connection-summary" data-protocol="saml">
            <#assign r = setup.register>
            <dt>${msg("orgssoSetupIdpEntityId")}</dt><dd class="orgsso-mono" id="orgsso-setup-idp-entity-id">${c.entityId}</dd>
            <dt>${msg("orgssoSetupMetadataFrom")}</dt><dd class="orgsso-mono">${(c.metadataUrl != "")?then(c.metadataUrl, msg("orgssoSetupMetadataPasted"))}</dd>
            <@certificateList c=c/>
            <dt>${msg("orgssoSetupSpEntityId." + r.vendor)}</dt><dd class="orgsso-mono" id="orgsso-setup-sp-entity-id-saved">${r.spEntityId}</dd>
            <dt>${msg("orgssoSetupAcsUrl." + r.vendor)}</dt><dd class="orgsso-mono" id="orgsso-setup-acs-url-saved">${c.acsUrl}</dd>
        </dl>
        <#else>
        <dl class="orgsso-summary" id="orgsso-setup-connection-summary">
            <dt>${msg("orgssoSetupIssuerSaved")}</dt><dd class="orgsso-mono" id="orgsso-setup-issuer">${c.issuer}</dd>
            <dt>${msg("orgssoSetupClientId")}</dt><dd class="orgsso-mono">${c.clientId}</dd>
            <dt>${msg("orgssoSetupSecretExpires")}</dt><dd>${(c.secretExpiresAt != "")?then(c.secretExpiresAt, msg("orgssoSetupUnknown"))}</dd>
            <dt>${msg("orgssoSetupRedirectUri")}</dt><dd class="orgsso-mono" id="orgsso-setup-redirect-uri-saved">${c.redirectUri}</dd>
        </dl>
        </#if>
        <p class="orgsso-hint" id="orgsso-setup-status">${msg(setup.tested?then(setup.testPassed?then("orgssoSetupStatusPassed", "orgssoSetupStatusFailed"), "orgssoSetupStatusUntested"))}</p>
        <div class="orgsso-actions">
            <form action="${setup.actions.test}" method="post">
                <button type="submit" id="orgsso-setup-test" class="${properties.kcButtonPrimaryClass!}">${msg(setup.tested?then("orgssoSetupTestAgain", "orgssoSetupTest"))}</button>
            </form>
            <form action="${setup.actions.change}" method="post">
                <button type="submit" id="orgsso-setup-change" class="${properties.kcButtonSecondaryClass!}">${msg("orgssoSetupChange")}</button>
            </form>
        </div>
        <p class="orgsso-hint">${msg("orgssoSetupTestHint")}</p>

        <h2 class="orgsso-h2">${msg("orgssoSetupDomainsHeading")}</h2>
        <p>${msg("orgssoSetupDomainsIntro")}</p>
        <ul id="orgsso-setup-domains" class="orgsso-domains">
            <#list setup.domains as d>
                <li data-domain="${d.name}" data-verified="${d.verified?c}">
                    <strong>${d.name}</strong>
                    <#if d.verified>
                        <span class="orgsso-ok">${msg("orgssoSetupDomainIsVerified")}</span>
                    <#else>
                        <span class="orgsso-warn">${msg("orgssoSetupDomainWaiting")}</span>
                        <div class="orgsso-record">
                            <span class="orgsso-label">${msg("orgssoSetupRecordName")}</span> <code class="orgsso-record-name">${d.recordName}</code><br/>
                            <span class="orgsso-label">${msg("orgssoSetupRecordType")}</span> <code>TXT</code><br/>
                            <span class="orgsso-label">${msg("orgssoSetupRecordValue")}</span> <code class="orgsso-record-value">${d.recordValue}</code>
                        </div>
                        <form action="${setup.actions.domainsCheck}" method="post">
                            <input type="hidden" name="domain" value="${d.name}"/>
                            <button type="submit" class="${properties.kcButtonSecondaryClass!} orgsso-check" data-check-domain="${d.name}">${msg("orgssoSetupCheckNow")}</button>
                        </form>
                    </#if>
                </li>
            <#else>
                <li id="orgsso-setup-no-domains">${msg("orgssoSetupNoDomains")}</li>
            </#list>
        </ul>
        <form id="orgsso-setup-domain-form" class="${properties.kcFormClass!}" action="${setup.actions.domains}" method="post" novalidate="novalidate">
            <label for="domain" class="orgsso-label">${msg("orgssoSetupDomainLabel")}</label>
            <div class="orgsso-copy-row">
                <input id="domain" name="domain" class="pf-v5-c-form-control" type="text" placeholder="example.com" autocomplete="off"/>
                <button type="submit" id="orgsso-setup-claim" class="${properties.kcButtonSecondaryClass!}">${msg("orgssoSetupAddDomain")}</button>
            </div>
        </form>

        <h2 class="orgsso-h2">${msg("orgssoSetupActivateHeading")}</h2>
        <form id="orgsso-setup-activate-form" action="${setup.actions.activate}" method="post">
            <#if !setup.canActivate>
                <p id="orgsso-setup-activate-blocked" class="orgsso-hint">${msg(setup.activateBlockedBy)}</p>
            </#if>
            <button type="submit" id="orgsso-setup-activate" class="${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}" <#if !setup.canActivate>disabled</#if>>${msg("orgssoSetupActivate")}</button>
        </form>

    <#elseif setup.step = "done">
        <p id="orgsso-setup-done">${msg("orgssoSetupDone", setup.organization)}</p>
        <ul id="orgsso-setup-login-links" class="orgsso-links">
            <#list setup.loginLinks as app, link>
                <li><span class="orgsso-label">${msg("orgssoSetupApp." + app)}</span>
                    <div class="orgsso-copy-row">
                        <input id="orgsso-link-${app}" class="pf-v5-c-form-control orgsso-mono" type="text" readonly value="${link}" data-app="${app}"/>
                        <button type="button" class="${properties.kcButtonSecondaryClass!} orgsso-copy" data-copy="orgsso-link-${app}" hidden>${msg("orgssoSetupCopy")}</button>
                    </div>
                </li>
            </#list>
        </ul>
        <p class="orgsso-hint">${msg("orgssoSetupLinkUsed")}</p>

    <#elseif setup.step = "renew" && setup.protocol = "saml">
        <p id="orgsso-setup-renew-intro">${msg("orgssoSetupRenewCertificateIntro", setup.organization, setup.expiresAt)}</p>
        <#if setup.connection??>
            <dl class="orgsso-summary" id="orgsso-setup-connection-summary">
                <dt>${msg("orgssoSetupIdpEntityId")}</dt><dd class="orgsso-mono" id="orgsso-setup-idp-entity-id">${setup.connection.entityId}</dd>
                <@certificateList c=setup.connection/>
            </dl>
        </#if>
        <form id="orgsso-setup-renew" class="${properties.kcFormClass!}" action="${setup.actions.certificates}" method="post" novalidate="novalidate">
            <@metadataFields f=setup.form vendor=setup.connection.type.value/>
            <div class="${properties.kcFormGroupClass!}">
                <button type="submit" id="orgsso-setup-renew-submit" class="${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("orgssoSetupRenewCertificateSubmit")}</button>
            </div>
        </form>

    <#elseif setup.step = "renew">
        <p id="orgsso-setup-renew-intro">${msg("orgssoSetupRenewIntro", setup.organization, setup.expiresAt)}</p>
        <#if setup.connection??>
            <dl class="orgsso-summary">
                <dt>${msg("orgssoSetupClientId")}</dt><dd class="orgsso-mono">${setup.connection.clientId}</dd>
                <dt>${msg("orgssoSetupSecretExpires")}</dt><dd>${setup.connection.secretExpiresAt}</dd>
            </dl>
        </#if>
        <form id="orgsso-setup-renew" class="${properties.kcFormClass!}" action="${setup.actions.secret}" method="post" novalidate="novalidate">
            <div class="${properties.kcFormGroupClass!}">
                <label for="clientSecret" class="orgsso-label">${msg("orgssoSetupNewSecret")}</label>
                <input id="clientSecret" name="clientSecret" class="pf-v5-c-form-control" type="password" value="" autocomplete="new-password"/>
            </div>
            <div class="${properties.kcFormGroupClass!}">
                <label for="clientSecretExpiresAt" class="orgsso-label">${msg("orgssoSetupSecretExpires")}</label>
                <input id="clientSecretExpiresAt" name="clientSecretExpiresAt" class="pf-v5-c-form-control" type="date" value=""/>
            </div>
            <div class="${properties.kcFormGroupClass!}">
                <button type="submit" id="orgsso-setup-renew-submit" class="${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("orgssoSetupRenewSubmit")}</button>
            </div>
        </form>

    <#elseif setup.step = "renewed">
        <p id="orgsso-setup-renewed">${msg((setup.protocol = "saml")?then("orgssoSetupRenewedCertificate", "orgssoSetupRenewed"), setup.organization)}</p>
    </#if>
    </div>
    <script>
      // Progressive: without JavaScript the fields are read-only text to select and copy by hand.
      document.querySelectorAll('.orgsso-copy').forEach(function (b) {
        b.hidden = false;
        b.addEventListener('click', function () {
          var f = document.getElementById(b.getAttribute('data-copy'));
          f.select();
          if (navigator.clipboard) { navigator.clipboard.writeText(f.value); } else { document.execCommand('copy'); }
          b.textContent = '${msg("orgssoSetupCopied")?js_string}';
        });
      });
    </script>
    </#if>
</@layout.registrationLayout>

<#-- The IdP's metadata: its URL (preferred: the IdP keeps it current) or the document pasted. -->
<#macro metadataFields f vendor>
    <div class="${properties.kcFormGroupClass!}">
        <label for="metadataUrl" class="orgsso-label">${msg("orgssoSetupMetadataUrl")}</label>
        <input id="metadataUrl" name="metadataUrl" class="pf-v5-c-form-control" type="url" value="${f.metadataUrl}" autocomplete="off"/>
        <p class="orgsso-hint">${msg("orgssoSetupMetadataUrlHint." + vendor)}</p>
    </div>
    <div class="${properties.kcFormGroupClass!}">
        <label for="metadataXml" class="orgsso-label">${msg("orgssoSetupMetadataXml")}</label>
        <textarea id="metadataXml" name="metadataXml" class="pf-v5-c-form-control orgsso-mono" rows="5" spellcheck="false">${f.metadataXml}</textarea>
        <p class="orgsso-hint">${msg("orgssoSetupMetadataXmlHint")}</p>
    </div>
</#macro>

<#-- The signing certificates the connection checks assertions with (pinned from the metadata). -->
<#macro certificateList c>
    <dt>${msg("orgssoSetupCertificates")}</dt>
    <dd id="orgsso-setup-certificates">
        <#list c.certificates as cert>
            <div class="orgsso-certificate" data-not-after="${cert.notAfter}"><span class="orgsso-mono">${cert.subject}</span> ${msg("orgssoSetupCertificateValidUntil", cert.notAfter)}</div>
        </#list>
    </dd>
</#macro>
