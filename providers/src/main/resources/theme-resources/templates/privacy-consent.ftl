<#-- PurposeGate consent page (required action privacy-consent). Works with the base and keycloak.v2 login themes. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=true; section>
    <#if section = "header">
        ${msg("purposegateConsentTitle")}
    <#elseif section = "form">
    <form id="purposegate-consent" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
        <p id="purposegate-consent-intro">${msg("purposegateConsentReason_" + reason)}</p>
        <#if noticeUrl??>
        <p><a id="purposegate-notice" href="${noticeUrl}" target="_blank" rel="noopener">${msg("purposegateConsentNotice", noticeVersion!"")}</a></p>
        </#if>
        <#if gpc>
        <p id="purposegate-gpc" role="status">${msg("purposegateConsentGpc")}</p>
        </#if>

        <fieldset id="purposegate-choices" class="${properties.kcFormGroupClass!}">
            <legend>${msg("purposegateConsentChoices")}</legend>
            <#list purposes?filter(p -> p.choice) as p>
            <div class="${properties.kcCheckboxClass!}">
                <input type="checkbox" class="${properties.kcCheckboxInputClass!}" id="purpose-${p.id}" name="purpose" value="${p.id}"
                       aria-describedby="purpose-${p.id}-description"<#if p.checked> checked</#if>>
                <label class="${properties.kcCheckboxLabelClass!}" for="purpose-${p.id}">${p.name}<#if p.saleOrSharing> (${msg("purposegateConsentSaleOrSharing")})</#if></label>
                <div id="purpose-${p.id}-description" class="purposegate-description">
                    ${p.description}
                    <br><small>${msg("purposegateConsentCategories")}: ${p.categories?join(", ")}</small>
                    <#if p.gpcRefused><br><small>${msg("purposegateConsentGpcRefused")}</small></#if>
                </div>
            </div>
            </#list>
        </fieldset>

        <#assign others = purposes?filter(p -> !p.choice)>
        <#if others?has_content>
        <section id="purposegate-information" aria-labelledby="purposegate-information-title">
            <h2 id="purposegate-information-title">${msg("purposegateConsentInformation")}</h2>
            <ul>
            <#list others as p>
                <li id="info-${p.id}"><strong>${p.name}</strong> (${msg("purposegateBasis_" + p.lawfulBasis)}): ${p.description}</li>
            </#list>
            </ul>
        </section>
        </#if>

        <#-- Refusing is as easy as accepting: three buttons of the same kind, same size, same style. -->
        <div class="${properties.kcFormGroupClass!}">
            <div id="purposegate-actions" class="${properties.kcFormActionGroupClass!}">
                <button type="submit" id="purposegate-reject-all" name="choice" value="reject_all" class="${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">${msg("purposegateConsentRejectAll")}</button>
                <button type="submit" id="purposegate-save" name="choice" value="save" class="${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">${msg("purposegateConsentSave")}</button>
                <button type="submit" id="purposegate-accept-all" name="choice" value="accept_all" class="${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">${msg("purposegateConsentAcceptAll")}</button>
                <#if isAppInitiatedAction??>
                <button type="submit" id="purposegate-cancel" name="cancel-aia" value="true" class="${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}" formnovalidate>${msg("doCancel")}</button>
                </#if>
            </div>
        </div>
    </form>
    </#if>
</@layout.registrationLayout>
